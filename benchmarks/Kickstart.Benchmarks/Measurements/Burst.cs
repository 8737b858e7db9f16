using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>5. Ten saves within a few ms, several times: each burst must be one rebuild.</summary>
internal sealed record BurstResult
{
    /// <summary>Rebuild status lines per burst.</summary>
    public List<int> Builds { get; } = new();
    public Series Span { get; } = new("burst: first → tenth save");
    public List<double> MaxGap { get; } = new();
    public Series Serving { get; } = new("burst: first save → last greeting served");
}

internal sealed class Burst
{
    private readonly BenchmarkContext _context;

    public Burst(BenchmarkContext context) => _context = context;

    public BurstResult Run(WatchProcess w)
    {
        var result = new BurstResult();
        int bursts = Math.Max(3, _context.N / 4);
        BenchmarkContext.Log($"5. burst: 10 saves within a few ms, {bursts} times");
        for (int b = 0; b < bursts; b++)
        {
            int from = w.LineCount;
            long t0 = Stopwatch.GetTimestamp();
            var (last, maxGap) = BurstOfSaves(b, t0);
            long t1 = Stopwatch.GetTimestamp();
            long served = Probe.PollUntil(w.Port, "/api/status", last, TimeSpan.FromSeconds(60), () => w.HasExited);
            if (served == 0)
                throw new InvalidOperationException($"'{last}' was never served:\n" + w.Output);
            Thread.Sleep(2000);
            result.Builds.Add(w.CountFrom(WatchProcess.StatusLine, from));
            result.Span.Add(BenchmarkContext.Ms(t0, t1));
            result.MaxGap.Add(maxGap);
            result.Serving.Add(BenchmarkContext.Ms(t0, served));
        }
        BenchmarkContext.Log($"   builds per burst: {string.Join(",", result.Builds)}; {result.Span}; longest gap between two saves per burst: {string.Join(", ", result.MaxGap.Select(g => g.ToString("0.0")))} ms");
        return result;
    }

    /// <summary>
    /// Ten in-place saves ~0.3 ms apart. Fully optimized up front: a spin loop in a big Tier-0 method would be compiled
    /// on the stack (OSR) in the middle of the burst, a ~20 ms pause that the watch rightly sees as two bursts.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private (string Last, double MaxGapMs) BurstOfSaves(int burst, long t0)
    {
        var texts = new string[10];
        for (int k = 0; k < texts.Length; k++)
            texts[k] = _context.Unique($"burst-{burst}-{k}");
        long previous = t0;
        double maxGap = 0;
        foreach (string text in texts)
        {
            _context.Workspace.WriteInPlace(text);
            long now = Stopwatch.GetTimestamp();
            maxGap = Math.Max(maxGap, BenchmarkContext.Ms(previous, now));
            previous = now;
            long until = now + Stopwatch.Frequency * 3 / 10000;
            while (Stopwatch.GetTimestamp() < until) { }
        }
        return (texts[^1], maxGap);
    }
}
