using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// macOS and FreeBSD change source. kqueue watches open descriptors, not names, so every directory and every file is
/// opened and registered for EVFILT_VNODE. A file's own events say its contents changed, or that it was deleted or
/// renamed away; a directory's write event only says "entries changed", so the directory is listed again and
/// compared with the entries known before to find created and deleted files.
/// </summary>
/// <remarks>
/// The watch tables are touched by <see cref="Start"/> before the reader thread exists and then only by the reader
/// thread, so they need no lock. The lifecycle is <see cref="ChangeSource"/>'s; the system calls are
/// <see cref="KqueueSystemCalls"/>'.
/// kqueue has no "closed after writing" event (NOTE_WRITE comes with each write), so no change ends a save
/// (<see cref="FileChange.EndsSave"/>): every batch waits the quiet window.
/// </remarks>
internal sealed class KqueueChangeSource : ChangeSource
{
    private readonly KqueueSystemCalls _calls;
    private readonly KqueueEvent[] _events = new KqueueEvent[64];
    private readonly Dictionary<int, WatchedEntry> _entryByDescriptor = new();
    private readonly Dictionary<string, int> _descriptorByPath = new(PathComparison.Comparer);
    private readonly Dictionary<string, HashSet<string>> _childrenByDirectory = new(PathComparison.Comparer);

    private int _queue = -1;

    /// <param name="calls">The system calls of this OS unless given (macOS and FreeBSD differ).</param>
    internal KqueueChangeSource(KqueueSystemCalls? calls = null)
        : base("kqueue", readerThreadName: "Kickstart kqueue")
    {
        _calls = calls ?? KqueueSystemCalls.ForCurrentOS();
    }

    protected override void Open()
    {
        _queue = _calls.CreateQueue();
        if (_queue < 0 || _calls.AddWakeUp(_queue) < 0)
        {
            throw ErrorFor(KqueueSystemCalls.LastError, "kqueue");
        }
    }

    protected override bool WatchesFiles => true;

    protected override bool WatchDirectory(string directory) => Watch(directory, isDirectory: true);

    protected override bool WatchFile(string path) => Watch(path, isDirectory: false);

    protected override bool ReadOnce()
    {
        int count = _calls.Wait(_queue, _events);
        if (count < 0)
        {
            return KqueueSystemCalls.LastError == KqueueSystemCalls.EINTR; // interrupted: wait again; anything else: give up
        }

        for (int i = 0; i < count && !IsDisposed; i++)
        {
            if (_events[i].IsWakeUp)
            {
                return false;
            }

            HandleOrReportOverflow(Handle, _events[i]);
        }

        return true;
    }

    protected override void WakeReader() => _calls.TriggerWakeUp(_queue);

    private void Handle(KqueueEvent e)
    {
        // A descriptor closed while handling an earlier event of the same wait has nothing left to say.
        if (!_entryByDescriptor.TryGetValue(e.FileDescriptor, out WatchedEntry entry))
        {
            return;
        }

        if (entry.IsDirectory)
        {
            // Deletion or renaming of the directory itself shows in its parent's listing; only its own listing matters here.
            if ((e.Changes & VnodeChanges.Write) != 0)
            {
                CompareListing(entry.Path);
            }

            return;
        }

        if ((e.Changes & (VnodeChanges.Delete | VnodeChanges.Rename)) != 0)
        {
            // The watched file is gone from this name. If the name exists again, it was replaced (an editor renamed a
            // new version over it): watch the new file and report the content change.
            Unwatch(entry.Path);
            if (File.Exists(entry.Path) && WatchFileAfterStart(entry.Path))
            {
                Report(entry.Path, FileChangeKind.Modified);
            }
            else
            {
                Report(entry.Path, FileChangeKind.Deleted);
            }
        }
        else if ((e.Changes & (VnodeChanges.Write | VnodeChanges.Extend | VnodeChanges.Attrib)) != 0)
        {
            Report(entry.Path, FileChangeKind.Modified);
        }
    }

    // Lists the directory again: entries not known before are new (watched and reported), known entries missing
    // from the listing are gone (unwatched and reported).
    private void CompareListing(string directory)
    {
        if (!_childrenByDirectory.TryGetValue(directory, out HashSet<string>? known))
        {
            return;
        }

        var listed = new HashSet<string>(PathComparison.Comparer);
        foreach (var (path, isDirectory) in DirectoryTreeWalker.ListDirectory(directory))
        {
            if (isDirectory && IsExcludedDirectory(path))
            {
                continue;
            }

            listed.Add(path);
            if (known.Contains(path))
            {
                continue;
            }

            if (isDirectory)
            {
                WatchAfterStart(() => WatchTree(path, reportFiles: true));
            }
            else if (WatchFileAfterStart(path))
            {
                Report(path, FileChangeKind.Created);
            }
        }

        foreach (string gone in known.Where(path => !listed.Contains(path)).ToList())
        {
            UnwatchTree(gone);
            Report(gone, FileChangeKind.Deleted);
        }
    }

    private bool WatchFileAfterStart(string path) => WatchAfterStart(() => WatchFile(path));

    // Opens and registers one file or directory; false if it vanished or cannot be opened.
    private bool Watch(string path, bool isDirectory)
    {
        if (_descriptorByPath.ContainsKey(path))
        {
            return true;
        }

        int descriptor = _calls.OpenForEvents(path);
        if (descriptor < 0)
        {
            int errno = KqueueSystemCalls.LastError;
            if (errno is KqueueSystemCalls.ENOENT or KqueueSystemCalls.EACCES)
            {
                return false;
            }

            throw ErrorFor(errno, path);
        }

        if (_calls.WatchVnode(_queue, descriptor) < 0)
        {
            int errno = KqueueSystemCalls.LastError;
            _calls.Close(descriptor);
            throw ErrorFor(errno, path);
        }

        _entryByDescriptor[descriptor] = new WatchedEntry(path, isDirectory);
        _descriptorByPath[path] = descriptor;
        if (isDirectory)
        {
            _childrenByDirectory[path] = new HashSet<string>(PathComparison.Comparer);
        }

        if (Path.GetDirectoryName(path) is { } parent && _childrenByDirectory.TryGetValue(parent, out HashSet<string>? siblings))
        {
            siblings.Add(path);
        }

        return true;
    }

    private void Unwatch(string path)
    {
        if (_descriptorByPath.Remove(path, out int descriptor))
        {
            _entryByDescriptor.Remove(descriptor);
            _calls.Close(descriptor); // also removes its registration from the queue
        }

        _childrenByDirectory.Remove(path);
        if (Path.GetDirectoryName(path) is { } parent && _childrenByDirectory.TryGetValue(parent, out HashSet<string>? siblings))
        {
            siblings.Remove(path);
        }
    }

    private void UnwatchTree(string path)
    {
        foreach (string watched in _descriptorByPath.Keys.Where(p => PathComparison.IsSameOrUnder(p, path)).ToList())
        {
            Unwatch(watched);
        }

        Unwatch(path);
    }

    private static Exception ErrorFor(int errno, string what) => errno is KqueueSystemCalls.EMFILE or KqueueSystemCalls.ENFILE
        ? new WatchLimitReachedException(
            $"Cannot watch '{what}': kqueue needs one open file per watched file and directory, and the limit of open " +
            "files was reached. Raise it (ulimit -n), exclude large directories, or watch by polling (DOTNET_USE_POLLING_FILE_WATCHER=1).")
        : new IOException($"Cannot watch '{what}' with kqueue (errno {errno}).");

    protected override void Close()
    {
        foreach (int descriptor in _entryByDescriptor.Keys)
        {
            _calls.Close(descriptor);
        }

        _entryByDescriptor.Clear();
        _descriptorByPath.Clear();
        _childrenByDirectory.Clear();
        if (_queue >= 0)
        {
            _calls.Close(_queue);
            _queue = -1;
        }
    }

    private readonly record struct WatchedEntry(string Path, bool IsDirectory);
}
