using System;
using System.Diagnostics;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>A point in time on the monotonic clock, so a request's hold time is one budget across every wait and retry.</summary>
internal readonly struct Deadline
{
    private readonly long _timestamp;

    private Deadline(long timestamp) => _timestamp = timestamp;

    public static Deadline After(TimeSpan span) => new(Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency));

    public TimeSpan Remaining
    {
        get
        {
            long left = _timestamp - Stopwatch.GetTimestamp();
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
        }
    }

    public bool HasPassed => Remaining == TimeSpan.Zero;
}
