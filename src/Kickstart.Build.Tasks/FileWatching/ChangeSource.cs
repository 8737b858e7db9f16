using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// The lifecycle every change source shares: started once, its OS resources opened in <see cref="Open"/> and
/// released exactly once in <see cref="Close"/>; a reader thread (for sources that have one) that
/// <see cref="Dispose"/> wakes and waits for, unless it is that very thread (disposed from inside the callback),
/// which then releases the resources on its way out; changes reported only until disposed; an overflow reported as
/// one <see cref="FileChangeKind.Overflow"/> per root. A source keeps only what differs: how it watches and how it
/// reads and translates the OS's events.
/// </summary>
internal abstract class ChangeSource : IChangeSource
{
    private readonly string? _readerThreadName;
    private readonly object _lifecycleGate = new();
    private bool _started;
    private volatile bool _disposed;
    private bool _closeWhenReaderExits;
    private Thread? _reader;
    private ChangeReporter? _reporter;

    /// <param name="name">What <see cref="Name"/> says.</param>
    /// <param name="readerThreadName">The name of the reader thread that runs <see cref="ReadOnce"/>; null for a
    /// source whose OS calls it back on threads of its own (no reader thread, nothing to wake).</param>
    protected ChangeSource(string name, string? readerThreadName)
    {
        Name = name;
        _readerThreadName = readerThreadName;
    }

    public string Name { get; }

    /// <summary>The reader thread, for tests that check it ends on <see cref="Dispose"/>.</summary>
    internal Thread? ReaderThread => _reader;

    /// <summary>The watched roots, normalized; set before <see cref="Open"/>.</summary>
    protected IReadOnlyList<string> Roots { get; private set; } = Array.Empty<string>();

    /// <summary>Directories (full paths) not to enter; set before <see cref="Open"/>.</summary>
    protected Func<string, bool> IsExcludedDirectory { get; private set; } = _ => false;

    /// <summary>True from the moment <see cref="Dispose"/> begins: readers stop, reports are dropped.</summary>
    protected bool IsDisposed => _disposed;

    public void Start(IReadOnlyList<string> roots, Func<string, bool> isExcludedDirectory, Action<FileChange> onChange)
    {
        lock (_lifecycleGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException("This change source was already started.");
            }

            Roots = roots.Select(PathComparison.Normalize).ToArray();
            IsExcludedDirectory = isExcludedDirectory ?? throw new ArgumentNullException(nameof(isExcludedDirectory));
            _reporter = new ChangeReporter(onChange);
            try
            {
                Open();
                foreach (string root in Roots)
                {
                    WatchRoot(root);
                }

                if (_readerThreadName is not null)
                {
                    _reader = new Thread(RunReader) { IsBackground = true, Name = _readerThreadName };
                    _reader.Start();
                }
            }
            catch
            {
                // A source that failed to start (e.g. the watch limit) holds nothing; it may be started again.
                Close();
                throw;
            }

            _started = true;
        }
    }

    public void Dispose()
    {
        Thread? reader;
        lock (_lifecycleGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            reader = _reader;
            if (reader is null)
            {
                Close();
                return;
            }

            WakeReader();
            if (reader == Thread.CurrentThread)
            {
                // Disposed from inside onChange: the thread cannot wait for itself; it closes on its way out.
                _closeWhenReaderExits = true;
                return;
            }
        }

        reader.Join();
        lock (_lifecycleGate)
        {
            Close();
        }
    }

    /// <summary>
    /// What an overflow calls for: watch every root again (<see cref="WatchRoot"/>: directories whose creation was
    /// lost), then report one <see cref="FileChangeKind.Overflow"/> per root so the consumer rebuilds once.
    /// Internal so that tests can call it.
    /// </summary>
    internal void Rescan()
    {
        if (_disposed)
        {
            return;
        }

        foreach (string root in Roots)
        {
            try
            {
                WatchRoot(root);
            }
            catch (Exception e) when (e is WatchLimitReachedException or IOException)
            {
                // The overflow reported below asks for the rebuild this failure would have asked for.
            }
        }

        ReportOverflow();
    }

    /// <summary>Acquires the OS resources (before the roots are watched); throws to fail <see cref="Start"/>.</summary>
    protected abstract void Open();

    /// <summary>Releases what <see cref="Open"/> acquired, as far as it got; called once, never while reading.</summary>
    protected abstract void Close();

    /// <summary>
    /// One turn of the reader thread: waits for the OS (or the interval), handles what it brought, and says whether to
    /// go on: false once <see cref="WakeReader"/> was called or the OS failed for good. Sources with a reader thread
    /// override it and <see cref="WakeReader"/>.
    /// </summary>
    protected virtual bool ReadOnce() => false;

    /// <summary>Ends a <see cref="ReadOnce"/> blocked in the OS (closing a descriptor does not wake a blocked thread).</summary>
    protected virtual void WakeReader()
    {
    }

    /// <summary>
    /// Watches a root's tree, without reporting what is there: at <see cref="Start"/> (throwing fails it), and again
    /// on <see cref="Rescan"/>, where watches already in place stay.
    /// </summary>
    protected virtual void WatchRoot(string root) => WatchTree(root, reportFiles: false);

    /// <summary>Places the watch on one directory of a tree being walked; false to leave out what is inside.</summary>
    protected virtual bool WatchDirectory(string directory) => true;

    /// <summary>Places the watch on one file, for sources that watch files one by one; false if it cannot be watched.</summary>
    protected virtual bool WatchFile(string path) => true;

    /// <summary>True for sources that watch each file (kqueue); the others see files through their directory.</summary>
    protected virtual bool WatchesFiles => false;

    /// <summary>
    /// Walks a tree (see <see cref="DirectoryTreeWalker"/>), watching each directory before listing it and, where
    /// <see cref="WatchesFiles"/>, each file. With <paramref name="reportFiles"/> (a directory that appeared after
    /// Start) its files are reported as <see cref="FileChangeKind.Created"/>: whatever is written into it is either
    /// seen by the listing or raises an event on the new watch (possibly both; the batcher keeps one entry per path).
    /// </summary>
    protected void WatchTree(string root, bool reportFiles)
    {
        Action<WalkedFile>? visitFile = null;
        if (WatchesFiles || reportFiles)
        {
            visitFile = file =>
            {
                if (WatchFile(file.Path) && reportFiles)
                {
                    Report(file.Path, FileChangeKind.Created);
                }
            };
        }

        DirectoryTreeWalker.Walk(root, IsExcludedDirectory, WatchDirectory, visitFile);
    }

    /// <param name="endsSave">See <see cref="FileChange.EndsSave"/>: only a source whose OS says a save is over passes true.</param>
    protected void Report(string path, FileChangeKind kind, bool endsSave = false)
    {
        if (!_disposed)
        {
            _reporter?.Report(path, kind, endsSave);
        }
    }

    /// <summary>One <see cref="FileChangeKind.Overflow"/> per root: a change may have been lost, rebuild.</summary>
    protected void ReportOverflow()
    {
        foreach (string root in Roots)
        {
            Report(root, FileChangeKind.Overflow);
        }
    }

    /// <summary>
    /// Hands one OS event to <paramref name="handle"/>. An exception must not end the reader thread (nor, unhandled,
    /// the whole MSBuild process); the change may have been lost, so it is reported as an overflow.
    /// </summary>
    protected void HandleOrReportOverflow<TEvent>(Action<TEvent> handle, TEvent osEvent)
    {
        try
        {
            handle(osEvent);
        }
        catch (Exception)
        {
            ReportOverflow();
        }
    }

    /// <summary>
    /// Places a watch once started. There is nobody to throw to then: when the OS runs out of watches (or watching
    /// fails otherwise), an overflow is reported so the consumer rebuilds at least once rather than miss the change.
    /// Returns what <paramref name="watch"/> returned, false when it failed.
    /// </summary>
    protected bool WatchAfterStart(Func<bool> watch)
    {
        try
        {
            return watch();
        }
        catch (Exception e) when (e is WatchLimitReachedException or IOException)
        {
            ReportOverflow();
            return false;
        }
    }

    protected void WatchAfterStart(Action watch) => WatchAfterStart(() =>
    {
        watch();
        return true;
    });

    private void RunReader()
    {
        try
        {
            while (!_disposed && ReadOnce())
            {
            }
        }
        finally
        {
            lock (_lifecycleGate)
            {
                if (_closeWhenReaderExits)
                {
                    Close();
                }
            }
        }
    }
}
