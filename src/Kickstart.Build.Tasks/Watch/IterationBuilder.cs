using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Watch;

/// <summary>What one rebuild produced: the binary, and what the project (re-evaluated) says to watch now.</summary>
internal sealed record IterationResult(bool Succeeded, string? Binary, IReadOnlyList<ITaskItem> WatchItems, TimeSpan Duration);

/// <summary>
/// Rebuilds through the project's own target graph, in process, so every target a user hooks before or after the Go
/// build (code generation, a client build) runs each time.
/// </summary>
/// <remarks>
/// MSBuild answers a second request with the same global properties from its results cache without running anything,
/// so each iteration passes a new value of KickstartWatchIteration. That also re-evaluates the project, which
/// re-expands the item globs: files added since the last build are seen.
/// </remarks>
internal sealed class IterationBuilder
{
    public const string IterationProperty = "KickstartWatchIteration";
    private readonly IBuildEngine _engine;
    private readonly string _projectFile;
    private readonly string[] _buildTargets;

    public IterationBuilder(IBuildEngine engine, string projectFile, string[] buildTargets)
    {
        _engine = engine;
        _projectFile = projectFile;
        _buildTargets = buildTargets;
    }

    /// <summary>Evaluates the project for this iteration and returns what it says to watch (runs no build).</summary>
    public IReadOnlyList<ITaskItem> CollectWatchItems(int iteration)
    {
        // A request of its own: the watch items are needed even when the build fails, so that the fix is seen
        // (a failing target would leave a combined request without outputs).
        var outputs = new Hashtable(StringComparer.OrdinalIgnoreCase);
        _engine.BuildProjectFile(_projectFile, new[] { "_KickstartCollectWatchItems" }, Properties(iteration), outputs);
        return outputs["_KickstartCollectWatchItems"] is ITaskItem[] items ? items : Array.Empty<ITaskItem>();
    }

    /// <summary>Runs the build targets of this iteration; the same global properties reuse the evaluation above.</summary>
    public IterationResult Build(int iteration, IReadOnlyList<ITaskItem> watchItems, Stopwatch stopwatch)
    {
        var outputs = new Hashtable(StringComparer.OrdinalIgnoreCase);
        bool ok = _engine.BuildProjectFile(_projectFile, _buildTargets, Properties(iteration), outputs);
        string? binary = null;
        if (ok && outputs[_buildTargets[_buildTargets.Length - 1]] is ITaskItem[] binaries)
            binary = binaries.Select(b => b.ItemSpec).FirstOrDefault();
        return new IterationResult(ok, binary, watchItems, stopwatch.Elapsed);
    }

    public IterationResult CollectAndBuild(int iteration)
    {
        var stopwatch = Stopwatch.StartNew();
        return Build(iteration, CollectWatchItems(iteration), stopwatch);
    }

    private static Hashtable Properties(int iteration) =>
        new() { [IterationProperty] = iteration.ToString(CultureInfo.InvariantCulture) };
}
