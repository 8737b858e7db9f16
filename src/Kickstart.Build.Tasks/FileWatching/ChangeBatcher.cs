using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Session;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Turns the stream of raw changes from an <see cref="IChangeSource"/> into batches: one batch per burst of relevant
/// changes, delivered as soon as a change ends a save (<see cref="FileChange.EndsSave"/>), otherwise once no relevant
/// change has arrived for the quiet window. An editor's save (temp file, rename, backup deletion...) is one burst, so
/// it becomes one batch and one rebuild.
/// </summary>
/// <remarks>
/// Meant for one consumer calling <see cref="WaitForBatchAsync"/> in a loop — each call says the batch before it is
/// done with — and any number of threads calling <see cref="Add"/>. A batch delivered at once may be followed by more
/// changes of the same burst while it builds: <see cref="BatchSuperseded"/> is then cancelled, and the consumer hands
/// the batch back (<see cref="Requeue"/>) to be built with the rest of the burst. The decisions are <see cref="Burst"/>'s.
/// Waiting costs nothing: the waiter sleeps on a task until a change arrives or the quiet window ends.
/// </remarks>
public sealed class ChangeBatcher : IDisposable
{
    private readonly Func<string, bool> _isRelevant;
    private readonly Burst _burst;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly object _gate = new();
    private readonly PendingChanges _pending = new();
    private readonly CancellationTokenSource _disposed = new();

    // Cancelled when the burst of the batch taken last goes on while it builds. No timer in it: nothing to dispose.
    private CancellationTokenSource _batchSuperseded = new();

    // Completed by Add (and Requeue) to wake the waiter; null when nobody waits.
    private TaskCompletionSource<bool>? _changeArrived;

    public ChangeBatcher(TimeSpan quietWindow, Func<string, bool> isRelevant)
        : this(quietWindow, isRelevant, StopwatchClock.Instance)
    {
    }

    /// <param name="clock">The time changes are measured by.</param>
    /// <param name="delay">How the waiter sleeps until a batch is due (<see cref="Task.Delay(TimeSpan, CancellationToken)"/>
    /// unless given): tests pass one that their clock ends.</param>
    internal ChangeBatcher(TimeSpan quietWindow, Func<string, bool> isRelevant, IClock clock, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        if (quietWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(quietWindow), quietWindow, "The quiet window cannot be negative.");
        }

        _isRelevant = isRelevant ?? throw new ArgumentNullException(nameof(isRelevant));
        _burst = new Burst(quietWindow, clock ?? throw new ArgumentNullException(nameof(clock)));
        _delay = delay ?? Task.Delay;
    }

    /// <summary>
    /// Cancelled when more changes of the same burst arrive while the batch <see cref="WaitForBatchAsync"/> returned
    /// last is being built: that build is superseded (cut short, then handed back with <see cref="Requeue"/>).
    /// </summary>
    public CancellationToken BatchSuperseded
    {
        get
        {
            lock (_gate)
            {
                return _batchSuperseded.Token;
            }
        }
    }

    /// <summary>Records a change. Thread-safe and cheap; changes to irrelevant paths are dropped (overflows never are).</summary>
    public void Add(FileChange change)
    {
        if (change.Kind != FileChangeKind.Overflow && !_isRelevant(change.Path))
        {
            return;
        }

        TaskCompletionSource<bool>? waiter;
        CancellationTokenSource? superseded = null;
        lock (_gate)
        {
            _pending.Add(change);
            if (_burst.Add(change.EndsSave))
            {
                superseded = _batchSuperseded;
            }

            waiter = TakeWaiter();
        }

        // Outside the lock: cancelling runs the build's cancellation (MSBuild's, which kills the go build) inline.
        superseded?.Cancel();
        waiter?.TrySetResult(true);
    }

    /// <summary>
    /// The build of the batch returned last was superseded: its changes go back, before those that came since (a path
    /// changed again keeps its latest kind), and are returned with them by the next <see cref="WaitForBatchAsync"/>.
    /// </summary>
    public void Requeue(IReadOnlyList<FileChange> batch)
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            _pending.PutBack(batch);
            _burst.BuildOver();
            waiter = TakeWaiter();
        }

        waiter?.TrySetResult(true);
    }

    /// <summary>
    /// Completes when at least one relevant change is pending and the batch is due (<see cref="Burst"/>: at once after a
    /// save, else after the quiet window); returns the pending changes, one per path (the last kind wins), in the order
    /// the paths first changed, and clears them. Changes that arrive while the caller is busy are kept for the next
    /// call, which then returns them as one batch. Calling it says the batch returned before is done with.
    /// </summary>
    public async Task<IReadOnlyList<FileChange>> WaitForBatchAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        lock (_gate)
        {
            _burst.BuildOver();
        }

        try
        {
            while (true)
            {
                Task changeArrived;
                TimeSpan dueIn = Timeout.InfiniteTimeSpan;
                lock (_gate)
                {
                    if (_pending.Count > 0)
                    {
                        dueIn = _burst.DueIn();
                        if (dueIn <= TimeSpan.Zero)
                        {
                            _burst.BatchTaken();
                            _batchSuperseded = new CancellationTokenSource();
                            return _pending.TakeAll();
                        }
                    }

                    _changeArrived ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    changeArrived = _changeArrived.Task;
                }

                if (dueIn == Timeout.InfiniteTimeSpan)
                {
                    await changeArrived.WaitAsync(linked.Token).ConfigureAwait(false);
                    continue;
                }

                // Sleep until the batch is due, or a change arrives (one that ends a save makes it due now; any other
                // moves the deadline, which the next turn of the loop measures again).
                using var sleep = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                await Task.WhenAny(changeArrived, _delay(dueIn, sleep.Token)).ConfigureAwait(false);
                sleep.Cancel();
                linked.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(ChangeBatcher));
        }
    }

    /// <summary>Ends any wait in progress with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
        }
    }

    private TaskCompletionSource<bool>? TakeWaiter()
    {
        TaskCompletionSource<bool>? waiter = _changeArrived;
        _changeArrived = null;
        return waiter;
    }
}
