using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Change source of last resort: every interval, list the trees with each file's size and write time and compare with
/// the previous listing. Works everywhere (network shares, containers with shared volumes, exhausted inotify watches)
/// at the price of latency and of walking the tree on every tick.
/// </summary>
internal sealed class PollingChangeSource : IChangeSource
{
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stopRequested = new();
    private readonly object _lifecycleGate = new();
    private Thread? _poller;
    private bool _disposed;

    private IReadOnlyList<string> _roots = Array.Empty<string>();
    private Func<string, bool> _isExcludedDirectory = _ => false;
    private ChangeReporter? _reporter;
    private Dictionary<string, FileStamp> _snapshot = new();

    public PollingChangeSource(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The polling interval must be positive.");
        }

        _interval = interval;
    }

    public string Name => "polling";

    public void Start(IReadOnlyList<string> roots, Func<string, bool> isExcludedDirectory, Action<FileChange> onChange)
    {
        lock (_lifecycleGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_poller is not null)
            {
                throw new InvalidOperationException("This change source was already started.");
            }

            _roots = roots.Select(PathComparison.Normalize).ToArray();
            _isExcludedDirectory = isExcludedDirectory ?? throw new ArgumentNullException(nameof(isExcludedDirectory));
            _reporter = new ChangeReporter(onChange);

            // The first listing is the reference: changes are measured from the moment Start returns.
            _snapshot = FileSnapshot.Take(_roots, _isExcludedDirectory);
            _poller = new Thread(Poll) { IsBackground = true, Name = "Kickstart polling watcher" };
            _poller.Start();
        }
    }

    public void Dispose()
    {
        Thread? poller;
        lock (_lifecycleGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            poller = _poller;
            _stopRequested.Set();
        }

        if (poller is not null && poller != Thread.CurrentThread)
        {
            poller.Join();
        }
    }

    private void Poll()
    {
        // Waiting on the stop signal with the interval as timeout: Dispose ends the wait at once.
        while (!_stopRequested.Wait(_interval))
        {
            Dictionary<string, FileStamp> current;
            try
            {
                current = FileSnapshot.Take(_roots, _isExcludedDirectory);
            }
            catch (Exception)
            {
                // Must not end this thread (nor, unhandled, MSBuild); the next tick tries again.
                continue;
            }

            FileSnapshot.Compare(_snapshot, current, (path, kind) =>
            {
                if (!_stopRequested.IsSet)
                {
                    _reporter!.Report(path, kind);
                }
            });
            _snapshot = current;
        }
    }
}
