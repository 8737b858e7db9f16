using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Kickstart.Contracts;

namespace Kickstart.DevProxy.Hosting;

/// <summary>
/// Parses <c>--listen URL --upstream URL [--hold-timeout-ms N|none] [--allowed-hosts "name;*.suffix;…"]</c> (also
/// <c>--name=value</c>): the <see cref="DevProxyArguments"/> the Watch task writes.
/// </summary>
internal static class CommandLine
{
    public const string Usage = "usage: Kickstart.DevProxy --listen http://127.0.0.1:8080 --upstream http://127.0.0.1:PORT [--hold-timeout-ms 5000|none] [--allowed-hosts \"dev.example.test;*.example.test\"]";

    public static ProxyOptions Parse(string[] args)
    {
        string? listen = null, upstream = null, holdTimeout = null, allowedHosts = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string name = arg, value;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new InvalidArgumentsException($"the option '{arg}' needs a value. {Usage}");
            }

            switch (name)
            {
                case DevProxyArguments.Listen: listen = value; break;
                case DevProxyArguments.Upstream: upstream = value; break;
                case DevProxyArguments.HoldTimeoutMilliseconds: holdTimeout = value; break;
                case DevProxyArguments.AllowedHosts: allowedHosts = value; break;
                default: throw new InvalidArgumentsException($"unknown option '{name}'. {Usage}");
            }
        }

        if (listen is null)
            throw new InvalidArgumentsException($"{DevProxyArguments.Listen} is required. {Usage}");
        if (upstream is null)
            throw new InvalidArgumentsException($"{DevProxyArguments.Upstream} is required. {Usage}");
        return new ProxyOptions(
            ParseHttpUrl(DevProxyArguments.Listen, listen),
            ParseHttpUrl(DevProxyArguments.Upstream, upstream),
            ParseHoldTimeout(holdTimeout),
            ParseAllowedHosts(allowedHosts));
    }

    /// <summary>An absolute http URL with a host and nothing after the port: the proxy forwards paths as they come.</summary>
    public static Uri ParseHttpUrl(string option, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttp || url.Host.Length == 0)
            throw new InvalidArgumentsException($"{option} '{text}' is not an http URL such as http://127.0.0.1:8080.");
        if (url.AbsolutePath != "/" || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
            throw new InvalidArgumentsException($"{option} '{text}' must be only scheme, host and port (no path, query or user).");
        return url;
    }

    private static TimeSpan ParseHoldTimeout(string? text)
    {
        if (text is null)
            return ProxyOptions.DefaultHoldTimeout;
        // A watch under a debugger: a server held at a breakpoint is waited for, however long.
        if (text == DevProxyArguments.NoHoldTimeout)
            return Timeout.InfiniteTimeSpan;
        // 0 is valid: requests are not held, a server that is down is answered 503 at once.
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int milliseconds))
            throw new InvalidArgumentsException($"{DevProxyArguments.HoldTimeoutMilliseconds} '{text}' is not a whole number of milliseconds (0 or more) or '{DevProxyArguments.NoHoldTimeout}'.");
        return TimeSpan.FromMilliseconds(milliseconds);
    }

    private static IReadOnlyList<string> ParseAllowedHosts(string? text)
    {
        IReadOnlyList<string> entries = DevProxyArguments.SplitAllowedHosts(text);
        foreach (string entry in entries)
        {
            if (!DevProxyArguments.IsAllowedHostEntry(entry))
                throw new InvalidArgumentsException($"{DevProxyArguments.AllowedHosts} entry '{entry}' is not a host name, an IP address or *.name (no scheme, no port).");
        }
        return entries;
    }
}
