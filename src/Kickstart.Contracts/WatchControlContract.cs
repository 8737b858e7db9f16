using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kickstart.Contracts;

/// <summary>
/// The watch's control channel, for a host that runs a watch as one of its resources (.NET Aspire's app host, through
/// Kickstart.Aspire.Hosting): what the watch is doing, as events, and what the host asks of it, as commands. One file
/// compiled into the task assembly and the hosting package, so both sides read the same words.
/// </summary>
/// <remarks>
/// <para>The host listens on a loopback TCP port and names it in the watch's environment
/// (<see cref="EndpointVariable"/> = <c>127.0.0.1:PORT</c>, <see cref="TokenVariable"/> = a random token). The watch
/// connects once, when the Watch task starts, and sends <see cref="WatchEvent"/>s, one JSON object a line (UTF-8,
/// <c>\n</c>), the first of them <see cref="WatchEventKinds.Hello"/> carrying the token (the host drops a connection
/// whose first line does not carry its token). The host writes <see cref="WatchCommand"/>s on the same connection,
/// one a line.</para>
/// <para>Neither variable reaches the Go server (the watch removes both from the server's environment). Without them
/// the watch has no channel and behaves exactly as in a terminal. A channel that fails (the host went away) is closed
/// and never retried; the watch goes on. The host must not depend on the channel for logs: the watch's output and the
/// server's still go to standard output, line by line, as they always do.</para>
/// <para>Both sides ship from one repository and one version, so the wire format may change freely as long as it
/// changes here. Compiled for the task assembly's .NET Framework build too: C# 9 and System.Text.Json 8.</para>
/// </remarks>
internal static class WatchControlContract
{
    /// <summary>Where the host listens: <c>127.0.0.1:PORT</c> (or <c>[::1]:PORT</c>).</summary>
    public const string EndpointVariable = "KICKSTART_WATCH_CONTROL";

    /// <summary>The token the watch's <see cref="WatchEventKinds.Hello"/> must carry.</summary>
    public const string TokenVariable = "KICKSTART_WATCH_CONTROL_TOKEN";

    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(WatchEvent e) => JsonSerializer.Serialize(e, Json);

    public static string Serialize(WatchCommand c) => JsonSerializer.Serialize(c, Json);

    /// <returns>Null for a line that is not an event (the reader skips it).</returns>
    public static WatchEvent? ParseEvent(string line)
    {
        try { return JsonSerializer.Deserialize<WatchEvent>(line, Json); }
        catch (JsonException) { return null; }
    }

    /// <returns>Null for a line that is not a command (the watch ignores it).</returns>
    public static WatchCommand? ParseCommand(string line)
    {
        try { return JsonSerializer.Deserialize<WatchCommand>(line, Json); }
        catch (JsonException) { return null; }
    }
}

/// <summary>The values of <see cref="WatchEvent.Kind"/>.</summary>
internal static class WatchEventKinds
{
    /// <summary>First line of a connection: <see cref="WatchEvent.Token"/>, <see cref="WatchEvent.Project"/>,
    /// <see cref="WatchEvent.ProcessId"/> (the build process's).</summary>
    public const string Hello = "hello";

    /// <summary>A build started (the first one, or a rebuild for <see cref="WatchEvent.Message"/>'s changes).</summary>
    public const string Building = "building";

    /// <summary>A server answers (ready) at <see cref="WatchEvent.Url"/> (the proxy's when there is one),
    /// <see cref="WatchEvent.ServerProcessId"/> its process; after a first start, a swap or a restart by hand.
    /// <see cref="WatchEvent.Message"/>: the status line.</summary>
    public const string Running = "running";

    /// <summary>A build failed: <see cref="WatchEvent.Errors"/> in canonical form (<c>file(line,col): error CODE: text</c>),
    /// <see cref="WatchEvent.StillServing"/> whether the last good build still answers.</summary>
    public const string BuildFailed = "build-failed";

    /// <summary>The build succeeded but the binary is the same: the server was not restarted (it still runs).</summary>
    public const string Unchanged = "unchanged";

    /// <summary>The server stopped by itself (<see cref="WatchEvent.Message"/>: how); the watch waits for a change.</summary>
    public const string ServerExited = "server-exited";

    /// <summary>The watch cannot go on (a KS error: <see cref="WatchEvent.Errors"/>) and ends.</summary>
    public const string Failed = "failed";

    /// <summary>The watch is stopping (a stop was asked for): the last event of a connection.</summary>
    public const string Stopping = "stopping";
}

/// <summary>One line the watch sends. Only <see cref="Kind"/> is always there.</summary>
internal sealed class WatchEvent
{
    public string Kind { get; set; } = "";

    public string? Token { get; set; }

    public string? Project { get; set; }

    public int? ProcessId { get; set; }

    public int? ServerProcessId { get; set; }

    public string? Url { get; set; }

    public string? Message { get; set; }

    public bool? StillServing { get; set; }

    public List<string>? Errors { get; set; }
}

/// <summary>The values of <see cref="WatchCommand.Name"/>.</summary>
internal static class WatchCommandNames
{
    /// <summary>Restart the server from the binary it runs (Ctrl+R in a terminal).</summary>
    public const string Restart = "restart";

    /// <summary>Evaluate the project anew, build and swap, as if every file had changed.</summary>
    public const string Rebuild = "rebuild";
}

/// <summary>One line the host sends.</summary>
internal sealed class WatchCommand
{
    public string Name { get; set; } = "";
}
