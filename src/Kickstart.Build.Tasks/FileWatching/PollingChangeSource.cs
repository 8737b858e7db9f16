using System;
using System.Collections.Generic;
using System.Threading;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Change source of last resort: every interval, list the trees with each file's size and write time and compare with
/// the previous listing. Works everywhere (network shares, containers with shared volumes, exhausted inotify watches)
/// at the price of latency and of walking the tree on every tick. A listing cannot tell a finished save from a write
/// under way, so no change ends a save (<see cref="FileChange.EndsSave"/>): every batch waits the quiet window.
/// </summary>
internal sealed class PollingChangeSource : ChangeSource
{
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stopRequested = new();
    private Dictionary<string, FileStamp> _snapshot = new();

    public PollingChangeSource(TimeSpan interval)
        : base("polling", readerThreadName: "Kickstart polling watcher")
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The polling interval must be positive.");
        }

        _interval = interval;
    }

    // The first listing is the reference: changes are measured from the moment Start returns.
    protected override void Open() => _snapshot = FileSnapshot.Take(Roots, IsExcludedDirectory);

    // The listing is the watch: nothing to place per root.
    protected override void WatchRoot(string root)
    {
    }

    protected override bool ReadOnce()
    {
        // Waiting on the stop signal with the interval as timeout: Dispose ends the wait at once.
        if (_stopRequested.Wait(_interval))
        {
            return false;
        }

        Dictionary<string, FileStamp> current;
        try
        {
            current = FileSnapshot.Take(Roots, IsExcludedDirectory);
        }
        catch (Exception)
        {
            // Must not end this thread (nor, unhandled, MSBuild); the next tick tries again.
            return true;
        }

        FileSnapshot.Compare(_snapshot, current, (path, kind) => Report(path, kind));
        _snapshot = current;
        return true;
    }

    protected override void WakeReader() => _stopRequested.Set();

    // Nothing of the OS's is held between ticks; the stop signal is set for good.
    protected override void Close()
    {
    }
}
