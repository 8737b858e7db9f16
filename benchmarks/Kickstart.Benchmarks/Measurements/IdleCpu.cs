using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>6. CPU the watch's whole session uses while nothing changes.</summary>
internal sealed record IdleCpuResult(double CpuPercent, double Seconds, string Detail)
{
    public static readonly IdleCpuResult NotMeasured = new(double.NaN, 0, "");
}

internal sealed class IdleCpu
{
    public IdleCpuResult Run(WatchProcess w)
    {
        BenchmarkContext.Log("6. idle CPU of the watch's session over 5 s");
        Thread.Sleep(2000);
        var before = ProcessTable.LiveInSession(w.Pid).ToDictionary(p => p.Pid);
        long i0 = Stopwatch.GetTimestamp();
        Thread.Sleep(5000);
        var after = ProcessTable.LiveInSession(w.Pid);
        double seconds = Stopwatch.GetElapsedTime(i0).TotalSeconds;
        long ticks = 0;
        var parts = new List<string>();
        foreach (var p in after)
        {
            long d = before.TryGetValue(p.Pid, out var b0) ? p.CpuTicks - b0.CpuTicks : p.CpuTicks;
            ticks += d;
            parts.Add($"{p.Command}[{p.Pid}] {d * 1000 / Machine.ClockTicksPerSecond} ms");
        }
        double percent = ticks / (double)Machine.ClockTicksPerSecond / seconds * 100;
        string detail = $"{after.Count} processes in the session: " + string.Join(", ", parts) +
            (before.Keys.Except(after.Select(a => a.Pid)).Any() ? $"; {before.Keys.Except(after.Select(a => a.Pid)).Count()} exited meanwhile" : "");
        BenchmarkContext.Log($"   {percent:0.00}% of one core ({detail})");
        return new IdleCpuResult(percent, seconds, detail);
    }
}
