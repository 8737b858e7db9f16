using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kickstart.Contracts;

/// <summary>
/// What the Watch task and the dev proxy (two processes) agree on, in one file compiled into both (a linked source,
/// as dotnet-watch shares its agent's contract): the proxy's exit codes, the line it prints once it listens, its
/// command line (<see cref="DevProxyArguments"/>) and the control messages the task writes on its standard input
/// (<see cref="ControlMessage"/>, one JSON object a line).
/// </summary>
/// <remarks>
/// Both sides ship in one package, so the wire format may change freely as long as it changes here. The file is also
/// compiled for the task assembly's .NET Framework build (which never runs the watch): C# 9 and System.Text.Json 8.
/// </remarks>
internal static class DevProxyContract
{
    /// <summary>Stopped normally: end of the control channel, SIGTERM or SIGINT.</summary>
    public const int ExitStopped = 0;

    /// <summary>The listen address could not be bound (usually: the port is already in use).</summary>
    public const int ExitCannotListen = 2;

    /// <summary>The command line is wrong: a missing or malformed option.</summary>
    public const int ExitBadArguments = 3;

    /// <summary>Printed on standard output, followed by the bound URL, once the proxy accepts connections.</summary>
    public const string ListeningPrefix = "kickstart-proxy: listening on ";
}

/// <summary>
/// The proxy's command line: <c>--listen URL --upstream URL [--hold-timeout-ms N|none] [--allowed-hosts "name;*.suffix;…"]</c>.
/// The task writes it, the proxy parses it; both hold the allowed hosts to one rule, so that a wrong entry is the
/// task's KS error naming the property rather than the proxy's refusal to start.
/// </summary>
internal static class DevProxyArguments
{
    /// <summary>The proxy's own address, <c>http://HOST:PORT</c> (port 0: any free one).</summary>
    public const string Listen = "--listen";

    /// <summary>The Go server's address, <c>http://HOST:PORT</c>, until a <see cref="ReadyMessage"/> names another.</summary>
    public const string Upstream = "--upstream";

    /// <summary>How long a request waits for a server that is down, in whole milliseconds, or <see cref="NoHoldTimeout"/>.</summary>
    public const string HoldTimeoutMilliseconds = "--hold-timeout-ms";

    /// <summary>The <see cref="HoldTimeoutMilliseconds"/> of a watch under a debugger: requests wait for as long as the
    /// server is away (held at a breakpoint before it listens), never answered 503.</summary>
    public const string NoHoldTimeout = "none";

    /// <summary>The value of <see cref="HoldTimeoutMilliseconds"/> for <paramref name="holdTimeout"/>
    /// (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: <see cref="NoHoldTimeout"/>).</summary>
    public static string FormatHoldTimeout(TimeSpan holdTimeout) =>
        holdTimeout == System.Threading.Timeout.InfiniteTimeSpan
            ? NoHoldTimeout
            : ((long)holdTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The host names, besides its own, the proxy answers to: <see cref="SplitAllowedHosts"/>.</summary>
    public const string AllowedHosts = "--allowed-hosts";

    /// <summary>Entries separated by semicolons (as MSBuild writes lists) or commas, trimmed; empty entries are ignored.</summary>
    public static IReadOnlyList<string> SplitAllowedHosts(string? text) =>
        (text ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.Length > 0).ToArray();

    /// <summary>A host name, an IP address (IPv6 with or without brackets) or <c>*.</c> and a name; no scheme, no port.</summary>
    public static bool IsAllowedHostEntry(string entry)
    {
        string host = entry.StartsWith("*.", StringComparison.Ordinal) ? entry.Substring(2) : entry;
        return Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }
}

/// <summary>
/// One line the Watch task writes on the proxy's standard input: a JSON object whose <c>type</c>, written first,
/// names the message (the names are the attributes below, nowhere else).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RestartingMessage), "restarting")]
[JsonDerivedType(typeof(ReadyMessage), "ready")]
[JsonDerivedType(typeof(BuildSucceededMessage), "buildSucceeded")]
[JsonDerivedType(typeof(BuildFailedMessage), "buildFailed")]
[JsonDerivedType(typeof(ReloadPagesMessage), "reloadPages")]
[JsonDerivedType(typeof(SwapStylesheetsMessage), "swapStylesheets")]
internal abstract record ControlMessage
{
    /// <summary>The message as the one line the proxy reads (JSON never writes a raw line break into a string).</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(this);

    /// <summary>Reads one line; a line that is not a message of this version throws <see cref="FormatException"/>.</summary>
    public static ControlMessage Parse(string line)
    {
        ControlMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<ControlMessage>(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a control message ({e.Message})", e);
        }
        catch (NotSupportedException e)
        {
            // What System.Text.Json throws for an object without a "type" (the abstract base cannot be created).
            throw new FormatException($"not an object with a known \"type\" first ({e.Message})", e);
        }
        if (message is null)
            throw new FormatException("null is not a control message");
        if (message is BuildFailedMessage failed && (failed.Errors is null || failed.Errors.Any(error => error is null)))
            throw new FormatException("\"errors\" is not an array of objects");
        IReadOnlyList<string>? paths = message switch
        {
            SwapStylesheetsMessage swap => swap.Paths,
            ReloadPagesMessage reload => reload.Paths,
            _ => Array.Empty<string>(),
        };
        if (paths is null || paths.Any(path => path is null))
            throw new FormatException("\"paths\" is not an array of strings");
        return message;
    }
}

/// <summary>The server is about to be swapped: hold new requests instead of letting them be refused.</summary>
internal sealed record RestartingMessage : ControlMessage;

/// <summary>
/// The new server accepts connections: release the held requests and reload the pages. <see cref="Upstream"/> is
/// the server's address (<c>http://127.0.0.1:PORT</c>, the proxy checks it as it checks <c>--upstream</c>); null
/// keeps the address the proxy has.
/// </summary>
internal sealed record ReadyMessage(
    [property: JsonPropertyName("upstream"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Upstream) : ControlMessage;

/// <summary>The build succeeded: remove the error overlay (a <see cref="ReadyMessage"/> follows when the server is swapped).</summary>
internal sealed record BuildSucceededMessage : ControlMessage;

/// <summary>
/// Static files the server serves from disk changed, with no build and no new server: reload the open pages (the
/// upstream, held requests and the error overlay's state stay as they are). <see cref="Paths"/> (relative to the project,
/// '/'-separated) let a page fetch the resources of those names anew first: a browser's reload takes a script or an
/// image from its cache unchecked.
/// </summary>
internal sealed record ReloadPagesMessage(
    [property: JsonPropertyName("paths")] IReadOnlyList<string> Paths) : ControlMessage;

/// <summary>
/// Stylesheets the server serves from disk changed: each open page loads anew, in place, every
/// <c>&lt;link rel="stylesheet"&gt;</c> whose file name is one of <see cref="Paths"/>' (all of its own when none is),
/// and is not reloaded. The paths are relative to the project, '/'-separated: the page matches them by file name.
/// </summary>
internal sealed record SwapStylesheetsMessage(
    [property: JsonPropertyName("paths")] IReadOnlyList<string> Paths) : ControlMessage;

/// <summary>The build failed: show its errors over every open page, and over every page loaded until the next build.</summary>
internal sealed record BuildFailedMessage(
    [property: JsonPropertyName("errors")] IReadOnlyList<BuildError> Errors) : ControlMessage;

/// <summary>
/// One compiler error as the page shows it: <c>file:line:column: message</c>. The proxy passes the list on to the
/// pages in this same shape.
/// </summary>
/// <remarks>Lenient on purpose: an error without a file or a position (0) still deserves to be shown.</remarks>
internal sealed record BuildError(string? File, int Line, int Column, string? Message)
{
    [JsonPropertyName("file")]
    public string File { get; init; } = File ?? "";

    [JsonPropertyName("line")]
    public int Line { get; init; } = Line;

    [JsonPropertyName("column")]
    public int Column { get; init; } = Column;

    [JsonPropertyName("message")]
    public string Message { get; init; } = Message ?? "";
}
