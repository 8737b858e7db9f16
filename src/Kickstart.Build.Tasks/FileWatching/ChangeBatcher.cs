using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Turns the stream of raw changes from an <see cref="IChangeSource"/> into batches: one batch per burst of relevant
/// changes, delivered once no relevant change has arrived for the quiet window. An editor's save (temp file, rename,
/// backup deletion...) is one burst, so it becomes one batch and one rebuild.
/// </summary>
/// <remarks>
/// Meant for one consumer calling <see cref="WaitForBatchAsync"/> in a loop, and any number of threads calling
/// <see cref="Add"/>. Waiting costs nothing: the waiter sleeps on a task until a change arrives, then on a delay until
/// the quiet window after the last change has passed.
/// </remarks>
public sealed class ChangeBatcher : IDisposable
{
    private readonly TimeSpan _quietWindow;
    private readonly Func<string, bool> _isRelevant;
    private readonly object _gate = new();
    private readonly PendingChanges _pending = new();
    private readonly CancellationTokenSource _disposed = new();

    // Stopwatch timestamp of the last relevant change; meaningful while changes are pending.
    private long _lastChangeTimestamp;

    // Completed by Add to wake a waiter that found nothing pending; null when nobody waits for the first change.
    private TaskCompletionSource<bool>? _firstChangeArrived;

    public ChangeBatcher(TimeSpan quietWindow, Func<string, bool> isRelevant)
    {
        if (quietWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(quietWindow), quietWindow, "The quiet window cannot be negative.");
        }

        _quietWindow = quietWindow;
        _isRelevant = isRelevant ?? throw new ArgumentNullException(nameof(isRelevant));
    }

    /// <summary>Records a change. Thread-safe and cheap; changes to irrelevant paths are dropped (overflows never are).</summary>
    public void Add(FileChange change)
    {
        if (change.Kind != FileChangeKind.Overflow && !_isRelevant(change.Path))
        {
            return;
        }

        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            _pending.Add(change);
            _lastChangeTimestamp = Stopwatch.GetTimestamp();
            waiter = _firstChangeArrived;
            _firstChangeArrived = null;
        }

        waiter?.TrySetResult(true);
    }

    /// <summary>
    /// Completes when at least one relevant change is pending and none arrived for the quiet window; returns the pending
    /// changes, one per path (the last kind wins), in the order the paths first changed, and clears them. Changes that
    /// arrive while the caller is busy are kept for the next call, which then returns them as one batch.
    /// </summary>
    public async Task<IReadOnlyList<FileChange>> WaitForBatchAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        try
        {
            while (true)
            {
                Task wakeUp;
                lock (_gate)
                {
                    if (_pending.Count == 0)
                    {
                        _firstChangeArrived ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                        wakeUp = _firstChangeArrived.Task;
                    }
                    else
                    {
                        TimeSpan quietFor = Stopwatch.GetElapsedTime(_lastChangeTimestamp);
                        if (quietFor >= _quietWindow)
                        {
                            return _pending.TakeAll();
                        }

                        // Sleep until the window after the last change ends; a change arriving meanwhile moves the
                        // deadline, which the next turn of the loop measures again.
                        wakeUp = Task.Delay(_quietWindow - quietFor, linked.Token);
                    }
                }

                await wakeUp.WaitAsync(linked.Token).ConfigureAwait(false);
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
}
