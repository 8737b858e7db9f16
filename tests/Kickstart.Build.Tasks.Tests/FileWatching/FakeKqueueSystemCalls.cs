using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// kqueue without a BSD kernel, so that the kqueue source's decisions run here too: every opened path gets a
/// descriptor, the test delivers vnode events for paths (<see cref="Deliver"/>) and sees which descriptors are open.
/// A blocked <see cref="Wait"/> gives up after <see cref="WaitDeadline"/> so that a missing wake-up fails, not hangs.
/// </summary>
internal sealed class FakeKqueueSystemCalls : KqueueSystemCalls
{
    public const int QueueDescriptor = 100;
    public static readonly TimeSpan WaitDeadline = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly Queue<KqueueEvent> _pending = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Dictionary<int, string> _open = new();
    private readonly HashSet<int> _registered = new();
    private readonly List<int> _closed = new();
    private int _nextDescriptor = QueueDescriptor + 1;
    private bool _wakeUpAdded;

    /// <summary>Set while the reader is blocked in <see cref="Wait"/> with nothing to read.</summary>
    public ManualResetEventSlim Blocked { get; } = new();

    public int WakeUps { get; private set; }

    /// <summary>The paths opened and registered and not closed since.</summary>
    public IReadOnlyCollection<string> Watched
    {
        get
        {
            lock (_gate)
            {
                return _open.Where(e => _registered.Contains(e.Key)).Select(e => e.Value).ToHashSet();
            }
        }
    }

    public IReadOnlyList<int> Closed
    {
        get
        {
            lock (_gate)
            {
                return _closed.ToArray();
            }
        }
    }

    /// <summary>A vnode event on the descriptor of <paramref name="path"/>, for the next <see cref="Wait"/>.</summary>
    public void Deliver(string path, VnodeChanges changes)
    {
        lock (_gate)
        {
            _pending.Enqueue(new KqueueEvent(_open.Single(e => e.Value == path).Key, IsWakeUp: false, changes));
        }

        _signal.Release();
    }

    public override int CreateQueue() => QueueDescriptor;

    public override int OpenForEvents(string path)
    {
        lock (_gate)
        {
            _open[_nextDescriptor] = path;
            return _nextDescriptor++;
        }
    }

    public override int WatchVnode(int queue, int fileDescriptor)
    {
        lock (_gate)
        {
            _registered.Add(fileDescriptor);
            return 0;
        }
    }

    public override int AddWakeUp(int queue)
    {
        _wakeUpAdded = true;
        return 0;
    }

    public override int TriggerWakeUp(int queue)
    {
        lock (_gate)
        {
            WakeUps++;
            if (_wakeUpAdded)
            {
                _pending.Enqueue(new KqueueEvent(0, IsWakeUp: true, VnodeChanges.None));
            }
        }

        _signal.Release();
        return 0;
    }

    public override int Wait(int queue, Span<KqueueEvent> events)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_pending.Count > 0)
                {
                    Blocked.Reset();
                    int count = 0;
                    while (count < events.Length && _pending.Count > 0)
                    {
                        events[count++] = _pending.Dequeue();
                    }

                    return count;
                }
            }

            Blocked.Set();
            if (!_signal.Wait(WaitDeadline))
            {
                return -1;
            }
        }
    }

    public override int Close(int fileDescriptor)
    {
        lock (_gate)
        {
            _open.Remove(fileDescriptor);
            _registered.Remove(fileDescriptor);
            _closed.Add(fileDescriptor);
            return 0;
        }
    }
}
