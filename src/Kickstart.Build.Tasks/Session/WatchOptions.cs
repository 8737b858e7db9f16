using System;
using System.Collections.Generic;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Session;

/// <summary>The Watch task's parameters, validated and in the types the loop works with.</summary>
internal sealed record WatchOptions
{
    public required string ProjectFile { get; init; }
    public required string ProjectDirectory { get; init; }
    public required string[] BuildTargets { get; init; }
    public required IReadOnlyList<string> ExcludedDirectories { get; init; }
    public required string StagingDirectory { get; init; }
    /// <summary>Kickstart's launcher, which runs the server in a process group of its own (Unix; null on Windows).</summary>
    public string? Launcher { get; init; }
    /// <summary>Where GoBuild writes a watch build's errors (for the browser overlay).</summary>
    public required string BuildErrorsFile { get; init; }
    public required IReadOnlyList<string> ServerArguments { get; init; }
    public required IReadOnlyDictionary<string, string?> ServerEnvironment { get; init; }
    public required string ServerWorkingDirectory { get; init; }
    public Uri? ServerUrl { get; init; }
    /// <summary>The dev proxy's public URL; null when the watch runs without a proxy.</summary>
    public Uri? ProxyUrl { get; init; }
    /// <summary>How long the proxy holds a request while the server is away (KickstartProxyHoldTimeoutMilliseconds);
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> under a debugger (KickstartDebug).</summary>
    public TimeSpan ProxyHoldTimeout { get; init; }
    public required ServerStopSignal ServerStopSignal { get; init; }
    public required TimeSpan StopTimeout { get; init; }
    /// <summary>KickstartReadyTimeoutMilliseconds; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> under a debugger
    /// (KickstartDebug), which may hold the server at a breakpoint before it listens.</summary>
    public required TimeSpan ReadyTimeout { get; init; }
    /// <summary>KickstartServerSwap (stop-start under KickstartDebug: Delve listens on one fixed address).</summary>
    public ServerSwapMode ServerSwap { get; init; }
    public required TimeSpan QuietWindow { get; init; }
    public required bool UsePolling { get; init; }
    public required TimeSpan PollingInterval { get; init; }
    /// <summary>Stop after this many rebuilds (0: never). For benchmarks and tests that want a bounded run.</summary>
    public int MaxIterations { get; init; }
    /// <summary>The ways past a build a content edit may take (KickstartWatchRestartWithoutBuild, …); none unless given.</summary>
    public ReloadShortcuts Shortcuts { get; init; } = ReloadShortcuts.None;
}
