using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Kickstart.Build.Tasks.Native;
using static Kickstart.Build.Tasks.Native.LinuxNative;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Linux change source: one inotify watch per directory (inotify is not recursive), kept in a watch-descriptor → path
/// map. A reader thread sleeps in poll() on the inotify descriptor and on an eventfd that <see cref="Dispose"/> writes
/// to, because closing an inotify descriptor does not wake a thread blocked on it.
/// </summary>
internal sealed unsafe class InotifyChangeSource : IChangeSource
{
    // One watch per directory; files are seen through their directory. IN_EXCL_UNLINK: no events for files that were
    // deleted but are still open somewhere. IN_ONLYDIR: if the path became a file in the meantime, fail instead.
    private const uint WatchMask =
        IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO |
        IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

    // Large enough for hundreds of events per read(); one record is at most 16 + NAME_MAX + 1 bytes.
    private const int ReadBufferSize = 64 * 1024;

    private readonly object _watchesGate = new();
    private readonly Dictionary<int, string> _pathByWatch = new();
    private readonly Dictionary<string, int> _watchByPath = new(PathComparison.Comparer);

    // Reused for every inotify_add_watch: the UTF-8, NUL-terminated path. Guarded by _watchesGate.
    private byte[] _pathBuffer = new byte[4096];

    private readonly object _lifecycleGate = new();
    private int _inotifyFd = -1;
    private int _wakeFd = -1;
    private Thread? _reader;
    private volatile bool _disposed;
    private bool _closeWhenReaderExits;

    private IReadOnlyList<string> _roots = Array.Empty<string>();
    private Func<string, bool> _isExcludedDirectory = _ => false;
    private ChangeReporter? _reporter;

    public string Name => "inotify";

    /// <summary>The reader thread, for tests that check it ends on <see cref="Dispose"/>.</summary>
    internal Thread? ReaderThread => _reader;

    /// <summary>How many directories are watched.</summary>
    internal int WatchCount
    {
        get
        {
            lock (_watchesGate)
            {
                return _pathByWatch.Count;
            }
        }
    }

    public void Start(IReadOnlyList<string> roots, Func<string, bool> isExcludedDirectory, Action<FileChange> onChange)
    {
        lock (_lifecycleGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_inotifyFd >= 0)
            {
                throw new InvalidOperationException("This change source was already started.");
            }

            _roots = roots.Select(PathComparison.Normalize).ToArray();
            _isExcludedDirectory = isExcludedDirectory ?? throw new ArgumentNullException(nameof(isExcludedDirectory));
            _reporter = new ChangeReporter(onChange);
            try
            {
                _inotifyFd = InotifyInit1(IN_NONBLOCK | IN_CLOEXEC);
                if (_inotifyFd < 0)
                {
                    throw ErrorForInit(Marshal.GetLastPInvokeError());
                }

                _wakeFd = EventFd(0, EFD_NONBLOCK | EFD_CLOEXEC);
                if (_wakeFd < 0)
                {
                    throw new IOException($"eventfd failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                }

                foreach (string root in _roots)
                {
                    WatchTree(root, reportFiles: false);
                }

                _reader = new Thread(ReadEvents) { IsBackground = true, Name = "Kickstart inotify" };
                _reader.Start();
            }
            catch
            {
                CloseDescriptors();
                throw;
            }
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
                CloseDescriptors();
                return;
            }

            WakeReader();
            if (reader == Thread.CurrentThread)
            {
                // Disposed from inside onChange: the thread cannot wait for itself; it closes the descriptors on its way out.
                _closeWhenReaderExits = true;
                return;
            }
        }

        reader.Join();
        lock (_lifecycleGate)
        {
            CloseDescriptors();
        }
    }

    /// <summary>
    /// What an overflow calls for: walk every root again to watch directories whose creation was lost, then report one
    /// <see cref="FileChangeKind.Overflow"/> per root so the consumer rebuilds once. Internal so that tests can call it.
    /// </summary>
    internal void Rescan()
    {
        if (_disposed)
        {
            return;
        }

        foreach (string root in _roots)
        {
            WatchTreeAfterStart(root, reportFiles: false);
        }

        ReportOverflow();
    }

    /// <summary>The file change an event on a file means, or null for events that do not change content.</summary>
    internal static FileChangeKind? ClassifyFileEvent(uint mask)
    {
        if ((mask & (IN_DELETE | IN_MOVED_FROM)) != 0)
        {
            return FileChangeKind.Deleted;
        }

        if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0)
        {
            return FileChangeKind.Created;
        }

        if ((mask & (IN_MODIFY | IN_CLOSE_WRITE)) != 0)
        {
            return FileChangeKind.Modified;
        }

        return null;
    }

    /// <summary>The exception for a failed inotify_add_watch that is not just a directory gone missing.</summary>
    internal static Exception ErrorForAddWatch(int errno, string directory) => errno == ENOSPC
        ? new WatchLimitReachedException(
            $"Cannot watch '{directory}': the per-user limit of inotify watches (fs.inotify.max_user_watches) was reached. " +
            "Raise it (sysctl fs.inotify.max_user_watches=524288), exclude large directories, or watch by polling " +
            "(DOTNET_USE_POLLING_FILE_WATCHER=1).")
        : new IOException($"inotify_add_watch failed for '{directory}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    private static Exception ErrorForInit(int errno) => errno == EMFILE
        ? new WatchLimitReachedException(
            "Cannot create an inotify instance: the per-user limit (fs.inotify.max_user_instances) was reached. " +
            "Raise it (sysctl fs.inotify.max_user_instances=512) or watch by polling (DOTNET_USE_POLLING_FILE_WATCHER=1).")
        : new IOException($"inotify_init1 failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    private void ReadEvents()
    {
        byte* buffer = (byte*)NativeMemory.Alloc(ReadBufferSize);
        try
        {
            PollFd* descriptors = stackalloc PollFd[2];
            while (!_disposed)
            {
                descriptors[0] = new PollFd { FileDescriptor = _inotifyFd, Events = POLLIN };
                descriptors[1] = new PollFd { FileDescriptor = _wakeFd, Events = POLLIN };
                if (Poll(descriptors, 2, -1) < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EINTR)
                    {
                        continue;
                    }

                    return;
                }

                if (descriptors[1].ReturnedEvents != 0)
                {
                    return; // Dispose wrote to the eventfd.
                }

                if ((descriptors[0].ReturnedEvents & POLLIN) == 0 || !DrainEvents(buffer))
                {
                    return; // POLLERR/POLLNVAL or a failing read(): nothing more will come from this descriptor.
                }
            }
        }
        finally
        {
            NativeMemory.Free(buffer);
            lock (_lifecycleGate)
            {
                if (_closeWhenReaderExits)
                {
                    CloseDescriptors();
                }
            }
        }
    }

    // Reads until the non-blocking descriptor has nothing left; false when reading failed for good.
    private bool DrainEvents(byte* buffer)
    {
        while (!_disposed)
        {
            nint count = LinuxNative.Read(_inotifyFd, buffer, ReadBufferSize);
            if (count < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                return errno == EAGAIN || errno == EINTR;
            }

            foreach (InotifyRecord record in InotifyEventParser.Parse(new ReadOnlySpan<byte>(buffer, (int)count)))
            {
                try
                {
                    Handle(record);
                }
                catch (Exception)
                {
                    // An exception must not end this thread (nor, unhandled, the whole MSBuild process). The change may
                    // have been lost, so ask the consumer to rebuild.
                    ReportOverflow();
                }
            }
        }

        return true;
    }

    private void Handle(InotifyRecord record)
    {
        uint mask = record.Mask;
        if ((mask & IN_Q_OVERFLOW) != 0)
        {
            Rescan();
            return;
        }

        if ((mask & IN_IGNORED) != 0)
        {
            Forget(record.WatchDescriptor);
            return;
        }

        // Events without a name concern the watched directory itself (deleted, moved); its parent's watch reports those.
        string? directory = PathOf(record.WatchDescriptor);
        if (record.Name.Length == 0 || directory is null)
        {
            return;
        }

        string path = Path.Join(directory, record.Name);
        if ((mask & IN_ISDIR) == 0)
        {
            if (ClassifyFileEvent(mask) is { } kind)
            {
                Report(path, kind);
            }

            return;
        }

        if (_isExcludedDirectory(path))
        {
            return;
        }

        if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0)
        {
            // Watch first, then list: whatever is written into the new directory is either seen by the listing or
            // raises an event on the new watch (possibly both; the batcher keeps one entry per path).
            WatchTreeAfterStart(path, reportFiles: true);
        }
        else if ((mask & (IN_DELETE | IN_MOVED_FROM)) != 0)
        {
            // A directory moved away keeps its watches (they follow the inode), which would report under a stale path.
            ForgetTree(path);
            Report(path, FileChangeKind.Deleted);
        }
    }

    private void WatchTree(string root, bool reportFiles)
    {
        DirectoryTreeWalker.Walk(
            root,
            _isExcludedDirectory,
            AddWatch,
            reportFiles ? file => Report(file.Path, FileChangeKind.Created) : null);
    }

    // After Start there is nobody to throw to: when the limit is hit (or watching fails otherwise), report an overflow
    // so the consumer rebuilds at least once rather than miss the change.
    private void WatchTreeAfterStart(string root, bool reportFiles)
    {
        try
        {
            WatchTree(root, reportFiles);
        }
        catch (Exception e) when (e is WatchLimitReachedException or IOException)
        {
            ReportOverflow();
        }
    }

    private void ReportOverflow()
    {
        foreach (string root in _roots)
        {
            Report(root, FileChangeKind.Overflow);
        }
    }

    // Returns false when the directory cannot be watched because it vanished, is no directory, or is unreadable.
    private bool AddWatch(string directory)
    {
        int errno;
        lock (_watchesGate)
        {
            int watch;
            EncodeNullTerminated(directory);
            fixed (byte* path = _pathBuffer)
            {
                watch = InotifyAddWatch(_inotifyFd, path, WatchMask);
            }

            if (watch >= 0)
            {
                Remember(watch, directory);
                return true;
            }

            errno = Marshal.GetLastPInvokeError();
        }

        if (errno is ENOENT or ENOTDIR or EACCES)
        {
            return false;
        }

        throw ErrorForAddWatch(errno, directory);
    }

    private void EncodeNullTerminated(string path)
    {
        int needed = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        if (needed > _pathBuffer.Length)
        {
            _pathBuffer = new byte[needed];
        }

        int length = Encoding.UTF8.GetBytes(path, _pathBuffer);
        _pathBuffer[length] = 0;
    }

    private void Remember(int watch, string directory)
    {
        // inotify returns the existing descriptor when the inode is already watched (e.g. a directory moved back in).
        if (_pathByWatch.TryGetValue(watch, out string? previousPath) && _watchByPath.TryGetValue(previousPath, out int previous) && previous == watch)
        {
            _watchByPath.Remove(previousPath);
        }

        _pathByWatch[watch] = directory;
        _watchByPath[directory] = watch;
    }

    private string? PathOf(int watch)
    {
        lock (_watchesGate)
        {
            return _pathByWatch.TryGetValue(watch, out string? path) ? path : null;
        }
    }

    // The kernel dropped the watch (IN_IGNORED: directory deleted, unmounted, or removed by ForgetTree).
    private void Forget(int watch)
    {
        lock (_watchesGate)
        {
            if (_pathByWatch.Remove(watch, out string? path) && _watchByPath.TryGetValue(path, out int current) && current == watch)
            {
                _watchByPath.Remove(path);
            }
        }
    }

    private void ForgetTree(string directory)
    {
        lock (_watchesGate)
        {
            foreach (var (path, watch) in _watchByPath.Where(e => PathComparison.IsSameOrUnder(e.Key, directory)).ToList())
            {
                InotifyRmWatch(_inotifyFd, watch); // fails harmlessly if the kernel already dropped it
                _watchByPath.Remove(path);
                _pathByWatch.Remove(watch);
            }
        }
    }

    private void Report(string path, FileChangeKind kind)
    {
        if (!_disposed)
        {
            _reporter?.Report(path, kind);
        }
    }

    private void WakeReader()
    {
        ulong one = 1;
        LinuxNative.Write(_wakeFd, &one, sizeof(ulong));
    }

    private void CloseDescriptors()
    {
        if (_inotifyFd >= 0)
        {
            LinuxNative.Close(_inotifyFd);
            _inotifyFd = -1;
        }

        if (_wakeFd >= 0)
        {
            LinuxNative.Close(_wakeFd);
            _wakeFd = -1;
        }
    }
}
