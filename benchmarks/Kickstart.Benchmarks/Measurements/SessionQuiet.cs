using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>How long one wait for a quiet session took, and whether it gave up at <see cref="SessionQuiet.MaxWait"/>.</summary>
internal readonly record struct QuietWait(double Ms, bool GaveUp);

/// <summary>
/// The wait before every measured edit of 3, 11 and 13 (the watch's and the paired floor's): until the CPU time
/// (utime + stime from /proc/PID/stat) summed over every process of the watch's session has not changed for
/// <see cref="Window"/>, at most <see cref="MaxWait"/>. After a reload the watch's .NET runtime goes on compiling
/// methods in the background for a while (tiered JIT); an edit measured meanwhile would share the cores with it, so a
/// floor build could pay for the watch's last reload, or the watch's next edit for its own.
/// </summary>
internal static class SessionQuiet
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);
    /// <summary>Each look reads all of /proc: often enough to see 100 ms without a change, rarely enough to cost little.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    public static QuietWait Wait(int session)
    {
        long start = Stopwatch.GetTimestamp();
        long quietSince = start;
        long ticks = CpuTicks(session);
        while (true)
        {
            Thread.Sleep(Step);
            long now = Stopwatch.GetTimestamp();
            long current = CpuTicks(session);
            if (current != ticks)
            {
                ticks = current;
                quietSince = now;
            }
            else if (Stopwatch.GetElapsedTime(quietSince, now) >= Window)
            {
                return new QuietWait(BenchmarkContext.Ms(start, now), GaveUp: false);
            }
            if (Stopwatch.GetElapsedTime(start, now) >= MaxWait)
                return new QuietWait(BenchmarkContext.Ms(start, now), GaveUp: true);
        }
    }

    /// <summary>A process that exits takes its time out of the sum: a change too, and so not quiet.</summary>
    private static long CpuTicks(int session) => ProcessTable.LiveInSession(session).Sum(p => p.CpuTicks);
}
