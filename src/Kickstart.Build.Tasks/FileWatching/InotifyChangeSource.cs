using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using static Kickstart.Build.Tasks.Native.LinuxNative;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Linux change source: one inotify watch per directory (inotify is not recursive), kept in a watch-descriptor → path
/// map. The reader thread sleeps in poll() on the inotify descriptor and on an eventfd that Dispose writes to,
/// because closing an inotify descriptor does not wake a thread blocked on it. The lifecycle is
/// <see cref="ChangeSource"/>'s; the system calls are <see cref="InotifySystemCalls"/>'.
/// </summary>
internal sealed class InotifyChangeSource : ChangeSource, IWatchedDirectories
{
    // One watch per directory; files are seen through their directory. IN_EXCL_UNLINK: no events for files that were
    // deleted but are still open somewhere. IN_ONLYDIR: if the path became a file in the meantime, fail instead.
    private const uint WatchMask =
        IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO |
        IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

    // Large enough for hundreds of events per read(); one record is at most 16 + NAME_MAX + 1 bytes.
    private const int ReadBufferSize = 64 * 1024;

    private readonly InotifySystemCalls _calls;
    private readonly byte[] _readBuffer = new byte[ReadBufferSize];
    private readonly object _watchesGate = new();
    private readonly Dictionary<int, string> _pathByWatch = new();
    private readonly Dictionary<string, int> _watchByPath = new(PathComparison.Comparer);

    private int _inotifyFd = -1;
    private int _wakeFd = -1;

    /// <param name="calls">The system calls; tests pass a fake, everyone else the real ones.</param>
    internal InotifyChangeSource(InotifySystemCalls? calls = null)
        : base("inotify", readerThreadName: "Kickstart inotify")
    {
        _calls = calls ?? InotifySystemCalls.ForCurrentOS();
    }

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

    public bool IsWatching(string directory)
    {
        lock (_watchesGate)
        {
            return _watchByPath.ContainsKey(directory);
        }
    }

    protected override void Open()
    {
        _inotifyFd = _calls.CreateInotify();
        if (_inotifyFd < 0)
        {
            throw ErrorForInit(InotifySystemCalls.LastError);
        }

        _wakeFd = _calls.CreateWakeUp();
        if (_wakeFd < 0)
        {
            throw new IOException($"eventfd failed: {Marshal.GetPInvokeErrorMessage(InotifySystemCalls.LastError)}");
        }
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

    /// <summary>
    /// Whether an event on a file is the last one of a save: closed after writing, or renamed into place (an editor's
    /// temp file moved over the original, a file moved in). A plain IN_MODIFY is not: the writer may not be done.
    /// </summary>
    internal static bool EndsSave(uint mask) => (mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) != 0;

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

    protected override bool ReadOnce()
    {
        if (_calls.Wait(_inotifyFd, _wakeFd, out short inotifyEvents, out short wakeUpEvents) < 0)
        {
            return InotifySystemCalls.LastError == EINTR; // interrupted: wait again; anything else: give up
        }

        // Dispose wrote to the eventfd; or POLLERR/POLLNVAL or a failing read(): nothing more will come from inotify.
        return wakeUpEvents == 0 && (inotifyEvents & POLLIN) != 0 && DrainEvents();
    }

    // Reads until the non-blocking descriptor has nothing left; false when reading failed for good.
    private bool DrainEvents()
    {
        while (!IsDisposed)
        {
            int count = _calls.Read(_inotifyFd, _readBuffer);
            if (count < 0)
            {
                int errno = InotifySystemCalls.LastError;
                return errno == EAGAIN || errno == EINTR;
            }

            foreach (InotifyRecord record in InotifyEventParser.Parse(_readBuffer.AsSpan(0, count)))
            {
                HandleOrReportOverflow(Handle, record);
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
                Report(path, kind, EndsSave(mask));
            }

            return;
        }

        if (IsExcludedDirectory(path))
        {
            return;
        }

        if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0)
        {
            WatchAfterStart(() => WatchTree(path, reportFiles: true));
        }
        else if ((mask & (IN_DELETE | IN_MOVED_FROM)) != 0)
        {
            // A directory moved away keeps its watches (they follow the inode), which would report under a stale path.
            ForgetTree(path);
            Report(path, FileChangeKind.Deleted);
        }
    }

    // Returns false when the directory cannot be watched because it vanished, is no directory, or is unreadable.
    protected override bool WatchDirectory(string directory)
    {
        int errno;
        lock (_watchesGate)
        {
            int watch = _calls.AddWatch(_inotifyFd, directory, WatchMask);
            if (watch >= 0)
            {
                Remember(watch, directory);
                return true;
            }

            errno = InotifySystemCalls.LastError;
        }

        if (errno is ENOENT or ENOTDIR or EACCES)
        {
            return false;
        }

        throw ErrorForAddWatch(errno, directory);
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
                _calls.RemoveWatch(_inotifyFd, watch); // fails harmlessly if the kernel already dropped it
                _watchByPath.Remove(path);
                _pathByWatch.Remove(watch);
            }
        }
    }

    protected override void WakeReader() => _calls.TriggerWakeUp(_wakeFd);

    protected override void Close()
    {
        if (_inotifyFd >= 0)
        {
            _calls.Close(_inotifyFd);
            _inotifyFd = -1;
        }

        if (_wakeFd >= 0)
        {
            _calls.Close(_wakeFd);
            _wakeFd = -1;
        }
    }
}
