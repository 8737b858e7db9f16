using System;
using System.Diagnostics;
using System.IO;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>7. Start → first response with the binary current: `dotnet build -t:Watch` against `go build && ./server`.</summary>
internal sealed record StartupResult
{
    public Series WatchStart { get; } = new("dotnet build -t:Watch launch → first 200");
    public Series WatchStartToWatchingLine { get; } = new("launch → 'watching' line");
    public Series WatchStartBuilt { get; } = new("watch says built (binary current)");
    public Series GoStart { get; } = new("go build -o … (current) && ./server → first 200");
    public Series WatchStartNoRestore { get; } = new("dotnet build -t:Watch --no-restore launch → first 200 (diagnostic)");
    /// <summary>Starts in which the watch rewrote the binary (0 = it was current every time).</summary>
    public int Rebuilds { get; init; }

    public double Ratio => WatchStart.Median / GoStart.Median;
}

internal sealed class Startup
{
    private readonly BenchmarkContext _context;

    public Startup(BenchmarkContext context) => _context = context;

    public StartupResult Run()
    {
        int n = _context.N;
        Workspace ws = _context.Workspace;
        var result = new StartupResult();
        int rebuilds = 0;
        BenchmarkContext.Log($"7. start → first response, the binary current: dotnet build -t:Watch vs go build && ./server ({n} each)");
        for (int i = 0; i < n; i++)
        {
            DateTime binaryBefore = File.GetLastWriteTimeUtc(ws.AppBinary);
            int port = FreePort.Find();
            using WatchProcess w = _context.StartWatch(ws.ProjectPath, port);
            long t1 = Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited);
            if (t1 == 0)
                throw new InvalidOperationException("the watch never served:\n" + w.Output);
            result.WatchStart.Add(BenchmarkContext.Ms(w.Launched, t1));
            if (w.WaitForLine(WatchLines.Watching, 0, TimeSpan.FromSeconds(5)) is { } watching)
                result.WatchStartToWatchingLine.Add(BenchmarkContext.Ms(w.Launched, watching.Ts));
            if (w.WaitForLine(WatchLines.Started, 0, TimeSpan.FromSeconds(10)) is { } started)
                result.WatchStartBuilt.Add(double.Parse(WatchLines.Started.Match(started.Line).Groups[1].Value));
            _context.StopWatch(w, $"7 (start {i + 1})");
            if (File.GetLastWriteTimeUtc(ws.AppBinary) != binaryBefore)
                rebuilds++;
        }
        // Diagnostic: how much of the start is the implicit restore (a second evaluation and the Restore target).
        for (int i = 0; i < Math.Min(n, 5); i++)
        {
            int port = FreePort.Find();
            using WatchProcess w = _context.StartWatch(ws.ProjectPath, port, new[] { "--no-restore" });
            long t1 = Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited);
            if (t1 != 0) result.WatchStartNoRestore.Add(BenchmarkContext.Ms(w.Launched, t1));
            _context.StopWatch(w, $"7 (--no-restore start {i + 1})");
        }
        _context.GoBuild(omitDebugInfo: true); // the floor binary is current too
        for (int i = 0; i < n; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            _context.GoBuild(omitDebugInfo: true);
            result.GoStart.Add(_context.ExecToFirstResponse(ws.FloorBin, null, t0));
        }
        BenchmarkContext.Log($"   {result.WatchStart}\n   {result.GoStart}\n   ratio {result.Ratio:0.00}×; binary rewritten by {rebuilds} of {n} watch starts");
        return result with { Rebuilds = rebuilds };
    }
}
