using System;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>1. What the Go toolchain alone needs after a one-line edit: the figure every watch figure is compared to.</summary>
internal sealed record FloorResult
{
    public Series GoBuildW { get; } = new("go build -ldflags \"-X … -w\" after a 1-line edit");
    public Series GoBuildNoW { get; } = new("go build -ldflags \"-X …\" after a 1-line edit");
    public Series Exec { get; } = new("exec → first 200");
    public Series Totals { get; } = new("go build -w + exec, per edit");
    public Series GoBuildWLoaded { get; } = new("go build -w after a 1-line edit, under the probes' load (control)");

    /// <summary>Median `go build -w` + median exec → first 200.</summary>
    public double Value => GoBuildW.Median + Exec.Median;

    public double WithoutW => GoBuildNoW.Median + Exec.Median;
}

internal sealed class Floor
{
    private readonly BenchmarkContext _context;

    public Floor(BenchmarkContext context) => _context = context;

    public FloorResult Run()
    {
        int n = _context.N;
        Workspace ws = _context.Workspace;
        var result = new FloorResult();
        BenchmarkContext.Log($"1. floor: go build after a one-line edit, with and without -w, and exec → first response ({n} each)");
        for (int i = 0; i < n; i++)
        {
            string g = _context.Unique($"floor-w-{i}");
            ws.WriteInPlace(g);
            double build = _context.GoBuild(omitDebugInfo: true).ElapsedMs;
            double exec = _context.ExecToFirstResponse(ws.FloorBin, g);
            result.GoBuildW.Add(build);
            result.Exec.Add(exec);
            result.Totals.Add(build + exec);
        }
        for (int i = 0; i < n; i++)
        {
            ws.WriteInPlace(_context.Unique($"floor-{i}"));
            result.GoBuildNoW.Add(_context.GoBuild(omitDebugInfo: false).ElapsedMs);
        }
        // Control: the same build under the load of the benchmark's own probes during every watch reload of 3 below
        // (a GET every ~1 ms on a keep-alive connection and a TCP connect every ~1 ms): what the probing itself costs the build.
        using (var load = new ProbeLoad(_context, ws.FloorBin, ws.AppDir, withOutageProbe: true))
        {
            for (int i = 0; i < n; i++)
            {
                ws.WriteInPlace(_context.Unique($"floor-loaded-{i}"));
                result.GoBuildWLoaded.Add(load.During(() => _context.GoBuild(omitDebugInfo: true).ElapsedMs));
            }
        }
        BenchmarkContext.Log($"   {result.GoBuildW}\n   {result.GoBuildNoW}\n   {result.Exec}\n   {result.GoBuildWLoaded}");
        return result;
    }
}
