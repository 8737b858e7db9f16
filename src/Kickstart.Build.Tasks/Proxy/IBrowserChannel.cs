using System;
using System.Collections.Generic;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;

namespace Kickstart.Build.Tasks.Proxy;

/// <summary>
/// What the watch loop tells the browser side (the dev proxy) about a restart. Without a proxy every call is a no-op
/// (<see cref="NoBrowserChannel"/>).
/// </summary>
internal interface IBrowserChannel
{
    /// <summary>A swap is imminent: hold new requests instead of letting them be refused.</summary>
    void Restarting();

    /// <summary>The new server accepts at <paramref name="serverUrl"/>: release held requests, reload open pages.</summary>
    void Ready(string serverUrl);

    void BuildFailed(IReadOnlyList<GoDiagnostic> errors);

    void BuildSucceeded();

    /// <summary>
    /// Static files the server serves from disk changed (no build, no new server; <paramref name="paths"/>: relative to
    /// the project, '/'-separated): open pages reload, fetching the resources of those names anew first.
    /// </summary>
    void ReloadPages(IReadOnlyList<string> paths);

    /// <summary>
    /// Stylesheets the server serves from disk changed (<paramref name="paths"/>: relative to the project, '/'-separated):
    /// open pages load each anew in place, without a reload.
    /// </summary>
    void SwapStylesheets(IReadOnlyList<string> paths);

    /// <summary>The address to open: the proxy's; null without one, or once it is gone for good.</summary>
    Uri? Address { get; }

    /// <summary>Something about the channel itself the watch reports as a warning (the proxy exited, or could not be restarted).</summary>
    event Action<KsDiagnostic, object?[]>? Problem;
}

internal sealed class NoBrowserChannel : IBrowserChannel
{
    public static readonly NoBrowserChannel Instance = new();
    public void Restarting() { }
    public void Ready(string serverUrl) { }
    public void BuildFailed(IReadOnlyList<GoDiagnostic> errors) { }
    public void BuildSucceeded() { }
    public void ReloadPages(IReadOnlyList<string> paths) { }
    public void SwapStylesheets(IReadOnlyList<string> paths) { }
    public Uri? Address => null;
    public event Action<KsDiagnostic, object?[]>? Problem { add { } remove { } }
}
