using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// inotify without the kernel, to test the source's decisions: the test feeds records (<see cref="Deliver"/>), makes
/// calls fail with an errno, and sees which descriptors were closed, how often the reader was woken and where it
/// blocks. A blocked <see cref="Wait"/> gives up after <see cref="WaitDeadline"/> (as if the descriptor had gone bad)
/// so that a source that forgot to wake its reader fails the test instead of hanging it.
/// </summary>
internal sealed class FakeInotifySystemCalls : InotifySystemCalls
{
    public const int InotifyDescriptor = 100;
    public const int WakeUpDescriptor = 101;
    public static readonly TimeSpan WaitDeadline = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly Queue<byte[]> _pending = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly List<int> _closed = new();
    private readonly List<string> _watched = new();
    private bool _woken;
    private int _nextWatch = 1;

    /// <summary>Set while the reader is blocked in <see cref="Wait"/> with nothing to read.</summary>
    public ManualResetEventSlim Blocked { get; } = new();

    /// <summary>errno for <see cref="CreateInotify"/> to fail with; 0: succeed.</summary>
    public int CreateInotifyErrno { get; set; }

    /// <summary>errno for <see cref="AddWatch"/> to fail with, for the directories it is true for.</summary>
    public Func<string, int> AddWatchErrno { get; set; } = _ => 0;

    /// <summary>errno for the next <see cref="Wait"/> to fail with once (e.g. EINTR); 0: none.</summary>
    public int NextWaitErrno { get; set; }

    public int WakeUps { get; private set; }

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

    /// <summary>Every directory given to inotify_add_watch, in order (again on a rescan).</summary>
    public IReadOnlyList<string> Watched
    {
        get
        {
            lock (_gate)
            {
                return _watched.ToArray();
            }
        }
    }

    /// <summary>The watch descriptor the fake gave a directory (the latest one).</summary>
    public int WatchOf(string directory)
    {
        lock (_gate)
        {
            return _watched.LastIndexOf(directory) + 1;
        }
    }

    /// <summary>Makes the inotify descriptor readable with these records (one read() returns them all).</summary>
    public void Deliver(params byte[][] records)
    {
        lock (_gate)
        {
            _pending.Enqueue(records.SelectMany(r => r).ToArray());
        }

        _signal.Release();
    }

    public override int CreateInotify() => CreateInotifyErrno == 0 ? InotifyDescriptor : Fail(CreateInotifyErrno);

    public override int AddWatch(int inotify, string directory, uint mask)
    {
        int errno = AddWatchErrno(directory);
        if (errno != 0)
        {
            return Fail(errno);
        }

        lock (_gate)
        {
            // Each call a new descriptor, numbered by its place in Watched (a real kernel reuses one per inode).
            _watched.Add(directory);
            return _nextWatch++;
        }
    }

    public override int RemoveWatch(int inotify, int watch) => 0;

    public override int CreateWakeUp() => WakeUpDescriptor;

    public override int TriggerWakeUp(int wakeUp)
    {
        lock (_gate)
        {
            _woken = true;
            WakeUps++;
        }

        _signal.Release();
        return sizeof(ulong);
    }

    public override int Wait(int inotify, int wakeUp, out short inotifyEvents, out short wakeUpEvents)
    {
        inotifyEvents = 0;
        wakeUpEvents = 0;
        if (NextWaitErrno != 0)
        {
            int errno = NextWaitErrno;
            NextWaitErrno = 0;
            return Fail(errno);
        }

        while (true)
        {
            lock (_gate)
            {
                if (_woken)
                {
                    wakeUpEvents = LinuxNative.POLLIN;
                }

                if (_pending.Count > 0)
                {
                    inotifyEvents = LinuxNative.POLLIN;
                }

                if (_woken || _pending.Count > 0)
                {
                    Blocked.Reset();
                    return 1;
                }
            }

            Blocked.Set();
            if (!_signal.Wait(WaitDeadline))
            {
                return Fail(LinuxNative.EBADF);
            }
        }
    }

    public override int Read(int inotify, Span<byte> buffer)
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return Fail(LinuxNative.EAGAIN);
            }

            byte[] records = _pending.Dequeue();
            records.CopyTo(buffer);
            return records.Length;
        }
    }

    public override int Close(int fileDescriptor)
    {
        lock (_gate)
        {
            _closed.Add(fileDescriptor);
        }

        return 0;
    }

    private static int Fail(int errno)
    {
        Marshal.SetLastPInvokeError(errno);
        return -1;
    }
}
