using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace Kickstart.DevProxy.Hosting;

/// <summary>
/// The names the proxy answers to: its own. A page on another site that rebinds its DNS name to 127.0.0.1 reaches the
/// proxy with its own name in Host (and Origin), so refusing every other name keeps that page from reading the app
/// and the build errors. Loopback names and addresses are always the proxy's; so is the host of its listen URL; the
/// developer adds more with KickstartProxyAllowedHosts (host names, IP addresses, or <c>*.suffix</c> for subdomains;
/// checked by the rule in <see cref="Kickstart.Contracts.DevProxyArguments"/>).
/// </summary>
internal sealed class HostAllowList
{
    /// <summary>The MSBuild property that feeds <c>--allowed-hosts</c>: what the refusals tell the developer to set.</summary>
    public const string PropertyName = "KickstartProxyAllowedHosts";

    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = new();
    private readonly List<IPAddress> _addresses = new();

    public HostAllowList(Uri listen, IEnumerable<string> entries)
    {
        foreach (string entry in entries.Append(listen.IdnHost))
            Add(entry);
    }

    /// <summary>
    /// True for a host the proxy answers to, as a Host header or an Origin gives it (without the port). An empty host
    /// is allowed: browsers always send one, so a request without it is a local tool's, never a rebinding page's.
    /// </summary>
    public bool Allows(string host)
    {
        if (host.Length == 0)
            return true;
        if (TryParseAddress(host, out IPAddress? address))
            return IPAddress.IsLoopback(address) || _addresses.Contains(address);
        string name = WithoutTrailingDot(host);
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return true; // RFC 6761: the name and every name under it are this machine
        return _names.Contains(name) || _suffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when an Origin header names a page of an allowed host (any scheme, any port).</summary>
    public bool AllowsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out Uri? url) && url.Host.Length > 0 && Allows(url.Host);

    private void Add(string entry)
    {
        if (entry.StartsWith("*.", StringComparison.Ordinal))
            _suffixes.Add(WithoutTrailingDot(entry[1..]));
        else if (TryParseAddress(entry, out IPAddress? address))
            _addresses.Add(address);
        else
            _names.Add(WithoutTrailingDot(entry));
    }

    // Any spelling of a loopback address is safe to accept: a rebinding page always arrives under a DNS name.
    private static bool TryParseAddress(string host, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        string text = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        UriHostNameType kind = Uri.CheckHostName(text);
        address = null;
        if (kind is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(text, out address))
            return false;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return true;
    }

    private static string WithoutTrailingDot(string name) => name.EndsWith('.') ? name[..^1] : name;
}
