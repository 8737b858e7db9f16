using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Kickstart.Benchmarks.Fixtures;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>The floor of a generated module: the watch's own `go build` after the same one-line edit, and exec → first 200.</summary>
internal sealed record ModuleFloor
{
    public ModuleFloor(string what) => What = what;

    public string What { get; }
    public Series GoBuild { get; } = new("go build -ldflags \"… -w\" after a 1-line edit");
    public Series Exec { get; } = new("exec → first 200");
    public Series Totals { get; } = new("go build + exec, per edit");
    /// <summary>The flags besides -o and -ldflags (e.g. -buildvcs=false).</summary>
    public string Flags { get; init; } = "";

    public double Value => GoBuild.Median + Exec.Median;

    public static ModuleFloor Of(string what, IReadOnlyList<string>? flags) => new(what) { Flags = string.Join(' ', flags ?? Array.Empty<string>()) };
}

/// <summary>Edit → serving of a generated module under one watch, per save style, with what the status lines said.</summary>
internal sealed record ModuleReloadResult
{
    public Dictionary<string, Series> Serving { get; } = EditToServingResult.Styles.ToDictionary(s => s, s => new Series("edit → serving, " + s));
    public Dictionary<string, Series> Built { get; } = EditToServingResult.Styles.ToDictionary(s => s, s => new Series("watch says built, " + s));
    public Dictionary<string, Series> GoBuildPhase { get; } = EditToServingResult.Styles.ToDictionary(s => s, s => new Series("watch says go build, " + s));
    /// <summary>Built minus go build, from the status line's phases.</summary>
    public Dictionary<string, Series> OwnShare { get; } = EditToServingResult.Styles.ToDictionary(s => s, s => new Series("Kickstart's own share, " + s));
    public Dictionary<string, List<int>> StatusLinesPerSave { get; } = EditToServingResult.Styles.ToDictionary(s => s, _ => new List<int>());
    /// <summary>Every phase name the lines carried, with its values (all styles).</summary>
    public Dictionary<string, Series> Phases { get; } = new(StringComparer.Ordinal);
    public int LinesWithoutPhases { get; set; }
    /// <summary>The floor measured beside these reloads, one edit each (<see cref="FloorPairs"/>).</summary>
    public PairedFloorResult PairedFloor { get; init; } = new();

    public Series OwnShareAll
    {
        get
        {
            var all = new Series("Kickstart's own share, all reloads");
            foreach (double v in OwnShare.Values.SelectMany(s => s.Values)) all.Add(v);
            return all;
        }
    }
}

/// <summary>
/// The two halves every module measurement shares: the floor (n one-line edits, each followed by the watch's own
/// `go build` and exec → first 200 of the built server) and edit → serving under a running watch (n saves per style,
/// each waited for until GET /api/status carries the new Greeting), with the paired floor measured beside it.
/// </summary>
internal static class ModuleReloads
{
    public static ModuleFloor Floor(BenchmarkContext context, GoModule module, string what, IReadOnlyList<string>? flags = null)
    {
        var floor = ModuleFloor.Of(what, flags);
        // A first build outside the figures: the build cache holds every package the edits do not touch.
        BenchmarkContext.MustRun(module.GoBuild(context.Workspace.RealGo, flags), $"{what}: go build");
        for (int i = 0; i < context.N; i++)
            FloorEdit(context, module, flags, context.Unique($"floor-{i}"), load: null, floor);
        BenchmarkContext.Log($"   {what} floor: {floor.GoBuild}; {floor.Exec}");
        return floor;
    }

    /// <summary>
    /// One edit of a floor (separate or paired): the one-line edit, the watch's own `go build` (under the probes'
    /// <paramref name="load"/> when given), exec → first 200 of the built server; recorded in each of <paramref name="floors"/>.
    /// </summary>
    public static void FloorEdit(BenchmarkContext context, GoModule module, IReadOnlyList<string>? flags, string greeting, ProbeLoad? load, params ModuleFloor[] floors)
    {
        module.WriteInPlace(greeting);
        Func<double> goBuild = () => BenchmarkContext.MustRun(module.GoBuild(context.Workspace.RealGo, flags), $"{floors[0].What}: go build").ElapsedMs;
        double build = load is null ? goBuild() : load.During(goBuild);
        double exec = context.ExecToFirstResponse(module.FloorBinary, greeting, workingDirectory: module.Dir);
        foreach (ModuleFloor floor in floors)
        {
            floor.GoBuild.Add(build);
            floor.Exec.Add(exec);
            floor.Totals.Add(build + exec);
        }
    }

    /// <summary>
    /// Edit → serving, n saves per style, each paired with an edit of the paired floor (<see cref="FloorPairs"/>)
    /// whose `go build` gets <paramref name="floorFlags"/>, the flags of this module's separate floor.
    /// </summary>
    public static ModuleReloadResult EditToServing(BenchmarkContext context, WatchProcess w, GoModule module, int port, string what, IReadOnlyList<string>? floorFlags = null, int? count = null)
    {
        using var pairs = new FloorPairs(context, module, what, w, floorFlags);
        var result = new ModuleReloadResult { PairedFloor = pairs.Result };
        // The styles take turns, so that the first reloads after the watch's start (warm-up) fall to both alike.
        for (int i = 0; i < (count ?? context.N); i++)
        {
            foreach (string style in EditToServingResult.Styles)
            {
                string g = context.Unique($"{(style.StartsWith("in-place", StringComparison.Ordinal) ? "inplace" : "rename")}-{i}");
                pairs.Measure(style, () => Edit(context, w, module, port, what, result, style, g));
            }
        }
        foreach (string style in EditToServingResult.Styles)
            BenchmarkContext.Log($"   {what}: {result.Serving[style]}; {result.OwnShare[style]}");
        BenchmarkContext.Log($"   {result.PairedFloor}");
        return result;
    }

    private static void Edit(BenchmarkContext context, WatchProcess w, GoModule module, int port, string what, ModuleReloadResult result, string style, string g)
    {
        int from = w.LineCount;
        long t0 = Stopwatch.GetTimestamp();
        module.Write(style, g);
        long t1 = Probe.PollUntil(port, "/api/status", g, TimeSpan.FromSeconds(60), () => w.HasExited);
        if (t1 == 0)
            throw new InvalidOperationException($"{what}: '{g}' was never served:\n" + w.Output);
        result.Serving[style].Add(BenchmarkContext.Ms(t0, t1));
        var status = w.WaitForLine(WatchProcess.StatusLine, from, TimeSpan.FromSeconds(30));
        Thread.Sleep(300); // a second build for the same save would show up here
        result.StatusLinesPerSave[style].Add(w.CountFrom(WatchProcess.StatusLine, from));
        if (status is { } s && ReloadLine.Parse(s.Line) is { } line)
            Record(result, style, line);
    }

    private static void Record(ModuleReloadResult result, string style, ReloadLine line)
    {
        result.Built[style].Add(line.BuiltMs);
        if (line.Phases.Count == 0)
        {
            result.LinesWithoutPhases++;
            return;
        }
        line.AddPhasesTo(result.Phases);
        if (!double.IsNaN(line.GoBuildMs))
        {
            result.GoBuildPhase[style].Add(line.GoBuildMs);
            result.OwnShare[style].Add(line.OwnShareMs);
        }
    }
}
