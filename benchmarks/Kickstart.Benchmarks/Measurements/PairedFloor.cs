using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Kickstart.Benchmarks.Fixtures;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>The paired floor of one watch's edits (3, 11, 13), and the quiet waits before every measured edit.</summary>
internal sealed record PairedFloorResult
{
    public ModuleFloor Floor { get; init; } = new("paired floor");
    /// <summary>
    /// The floor edits paired with one save style's edits: the styles are measured one after the other, minutes apart,
    /// and each is judged against the floor of its own minutes.
    /// </summary>
    public Dictionary<string, ModuleFloor> ByStyle { get; init; } = EditToServingResult.Styles.ToDictionary(s => s, s => new ModuleFloor("paired floor, " + s));
    public Series QuietBeforeWatch { get; } = new("quiet wait before the watch's edits");
    public Series QuietBeforeFloor { get; } = new("quiet wait before the paired floor's edits");
    /// <summary>Waits that ended at <see cref="SessionQuiet.MaxWait"/> with the session still busy.</summary>
    public int QuietGaveUp { get; set; }

    public override string ToString() =>
        $"{Floor.What}: {Floor.GoBuild}; {Floor.Exec}; {QuietBeforeWatch}; {QuietBeforeFloor}; {QuietGaveUp} gave up at {SessionQuiet.MaxWait.TotalSeconds:0} s";
}

/// <summary>
/// Measures the floor beside the watch instead of minutes before it: on a shared VM the same `go build` takes
/// noticeably longer in one minute than in the next (CPU steal), so a floor measured in a phase of its own compares
/// the watch with another machine. For each of the watch's measured edits this measures one floor edit — the same
/// one-line Greeting edit, but of a twin of the module outside the watched tree (the watch never sees it), `go build`
/// with the separate floor's own flags, exec → first 200 of the twin's binary — and alternates which of the two
/// comes first (ABBA) so that drift within a pair cancels out. Before each measured edit the watch's session is let
/// go quiet (<see cref="SessionQuiet"/>). The floor's `go build` runs under the same probes as the watch's reloads
/// (<see cref="ProbeLoad"/>, on a copy of the twin's first build): both sides pay for the measuring alike.
/// </summary>
internal sealed class FloorPairs : IDisposable
{
    private readonly BenchmarkContext _context;
    private readonly GoModule _twin;
    private readonly IReadOnlyList<string>? _flags;
    private readonly int _session;
    private readonly ProbeLoad _load;
    private int _pairs;
    private readonly Dictionary<string, int> _pairsOfStyle = new(StringComparer.Ordinal);

    /// <summary>
    /// Copies <paramref name="module"/> to its twin under the workspace's twins/ (beside, never inside, any module a
    /// watch watches) and builds the twin once outside the figures, so that its build cache is as warm as the watch's.
    /// </summary>
    /// <param name="withOutageProbe">The watch's reloads are also probed with a TCP connect every ~1 ms (3/4).</param>
    public FloorPairs(BenchmarkContext context, GoModule module, string what, WatchProcess watch, IReadOnlyList<string>? flags = null, bool withOutageProbe = false)
    {
        long t0 = Stopwatch.GetTimestamp();
        _twin = module.Twin(Path.Combine(context.Workspace.Root, "twins", Path.GetFileName(module.Dir)));
        double copied = BenchmarkContext.Ms(t0, Stopwatch.GetTimestamp());
        BenchmarkContext.MustRun(_twin.GoBuild(context.Workspace.RealGo, flags), $"{what}: go build of the paired floor's twin");
        BenchmarkContext.Log($"   {what}: paired floor's twin {_twin.Dir} copied in {copied:0} ms, built once");
        _load = new ProbeLoad(context, _twin.FloorBinary, _twin.Dir, withOutageProbe);
        _context = context;
        _flags = flags;
        _session = watch.Pid;
        Result = new PairedFloorResult
        {
            Floor = ModuleFloor.Of($"{what}, paired", flags),
            ByStyle = EditToServingResult.Styles.ToDictionary(s => s, s => ModuleFloor.Of($"{what}, paired with {s}", flags)),
        };
    }

    public PairedFloorResult Result { get; }

    /// <summary>
    /// One pair: the watch's edit in <paramref name="style"/> (<paramref name="watchEdit"/> measures it) and a floor
    /// edit; the floor first in every other pair of the style (counted per style: with the styles taking turns, a
    /// count over all pairs would put one style's floor always first).
    /// </summary>
    public void Measure(string style, Action watchEdit)
    {
        _pairs++;
        _pairsOfStyle[style] = _pairsOfStyle.TryGetValue(style, out int n) ? n + 1 : 1;
        bool floorFirst = _pairsOfStyle[style] % 2 == 1;
        if (floorFirst)
            FloorEdit(style);
        Quiet(Result.QuietBeforeWatch);
        watchEdit();
        if (!floorFirst)
            FloorEdit(style);
    }

    private void FloorEdit(string style)
    {
        Quiet(Result.QuietBeforeFloor);
        ModuleReloads.FloorEdit(_context, _twin, _flags, _context.Unique($"paired-floor-{_pairs}"), _load, Result.Floor, Result.ByStyle[style]);
    }

    public void Dispose() => _load.Dispose();

    private void Quiet(Series waits)
    {
        QuietWait wait = SessionQuiet.Wait(_session);
        waits.Add(wait.Ms);
        if (wait.GaveUp)
            Result.QuietGaveUp++;
    }
}
