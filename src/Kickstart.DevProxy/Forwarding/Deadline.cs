using System;
using System.Diagnostics;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>A point in time on the monotonic clock, so a request's hold time is one budget across every wait and retry.</summary>
internal readonly struct Deadline
{
    private readonly long _timestamp;

    private Deadline(long timestamp) => _timestamp = timestamp;

    /// <summary>The longest wait a timer takes (Task.WaitAsync refuses more): what <see cref="Remaining"/> says of a deadline that never passes.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>A deadline <paramref name="span"/> from now; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: one that never passes.</summary>
    public static Deadline After(TimeSpan span) =>
        span == System.Threading.Timeout.InfiniteTimeSpan ? new(long.MaxValue) : new(Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency));

    private bool IsNever => _timestamp == long.MaxValue;

    public TimeSpan Remaining
    {
        get
        {
            if (IsNever)
                return LongestWait;
            long left = _timestamp - Stopwatch.GetTimestamp();
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
        }
    }

    public bool HasPassed => !IsNever && Remaining == TimeSpan.Zero;
}
