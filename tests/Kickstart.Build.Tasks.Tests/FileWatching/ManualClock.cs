using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Session;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// A clock that moves only when the test says (<see cref="Advance"/>), and the delays the batcher sleeps on, which end
/// when it has moved far enough: the batcher's decisions in tests depend on no real time at all.
/// </summary>
internal sealed class ManualClock : IClock
{
    private readonly object _gate = new();
    private readonly List<(long Due, TaskCompletionSource Done)> _delays = new();

    // Ticks are milliseconds; never 0 (0 means "no timestamp" to the watch).
    private long _now = 1;

    public long Timestamp()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public TimeSpan Since(long timestamp) => TimeSpan.FromMilliseconds(Timestamp() - timestamp);

    public void Advance(TimeSpan by)
    {
        var due = new List<TaskCompletionSource>();
        lock (_gate)
        {
            _now += (long)by.TotalMilliseconds;
            due.AddRange(_delays.FindAll(d => d.Due <= _now).ConvertAll(d => d.Done));
            _delays.RemoveAll(d => d.Due <= _now);
        }

        due.ForEach(d => d.TrySetResult());
    }

    /// <summary>For <see cref="FileWatching.ChangeBatcher"/>: ends once the clock has moved by <paramref name="delay"/>.</summary>
    public Task Delay(TimeSpan delay, CancellationToken cancellation)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _delays.Add((_now + (long)Math.Ceiling(delay.TotalMilliseconds), done));
        }

        cancellation.Register(() => done.TrySetCanceled(cancellation));
        return done.Task;
    }
}
