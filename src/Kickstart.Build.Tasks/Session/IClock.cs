using System;
using System.Diagnostics;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// Where the watch's timings come from ("built in N ms", "serving N ms after the save"): timestamps, not objects, so a
/// reload measures itself without allocating. A fixed clock makes the lines predictable in unit tests.
/// </summary>
internal interface IClock
{
    /// <summary>Now, as an opaque timestamp; never 0 (0 means "no timestamp" to the loop).</summary>
    long Timestamp();

    TimeSpan Since(long timestamp);
}

internal sealed class StopwatchClock : IClock
{
    public static readonly StopwatchClock Instance = new();

    public long Timestamp() => Stopwatch.GetTimestamp();

    public TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp);
}
