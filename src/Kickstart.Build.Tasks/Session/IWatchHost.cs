using System;
using System.Collections.Generic;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// What the watch tells a host that runs it (.NET Aspire's app host, over <see cref="HostChannel"/>) at the moments its
/// status lines mark, and where the host's commands come in. Without a host every call is a no-op
/// (<see cref="NoWatchHost"/>). Every call returns at once: nothing the host does may slow the reload path.
/// </summary>
/// <remarks><c>statusLine</c> is the line the watch says at that moment, without the solution's <c>[name] </c> prefix.</remarks>
internal interface IWatchHost
{
    /// <summary>From now on the host's commands are handed over: restart (Ctrl+R's) and rebuild, each on a thread of the channel's.</summary>
    void Listen(Action restart, Action rebuild);

    /// <summary>A build starts: the first (<paramref name="changes"/> null) or a rebuild for those changes.</summary>
    void Building(string? changes);

    /// <summary>A server answers at <paramref name="url"/> (the proxy's when there is one).</summary>
    void Running(string statusLine, Uri? url, int? serverProcessId);

    /// <summary>A build failed; <paramref name="errors"/> in MSBuild's canonical form.</summary>
    void BuildFailed(string statusLine, IReadOnlyList<string> errors, bool stillServing);

    /// <summary>The build succeeded with the same binary: the server was not restarted.</summary>
    void Unchanged(string statusLine);

    /// <summary>The server stopped by itself.</summary>
    void ServerExited(string statusLine);

    /// <summary>The watch ends on errors (KS codes, canonical form).</summary>
    void Failed(IReadOnlyList<string> errors);

    /// <summary>The watch stops as asked; the last event, after which the channel is closed.</summary>
    void Stopping(string statusLine);
}

internal sealed class NoWatchHost : IWatchHost
{
    public static readonly NoWatchHost Instance = new();
    public void Listen(Action restart, Action rebuild) { }
    public void Building(string? changes) { }
    public void Running(string statusLine, Uri? url, int? serverProcessId) { }
    public void BuildFailed(string statusLine, IReadOnlyList<string> errors, bool stillServing) { }
    public void Unchanged(string statusLine) { }
    public void ServerExited(string statusLine) { }
    public void Failed(IReadOnlyList<string> errors) { }
    public void Stopping(string statusLine) { }
}
