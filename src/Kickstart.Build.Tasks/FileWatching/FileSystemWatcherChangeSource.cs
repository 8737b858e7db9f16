using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Windows change source (it also runs elsewhere): one recursive <see cref="FileSystemWatcher"/> per root. It cannot
/// skip excluded directories, so their events are filtered out here instead. Its buffer overflowing raises Error,
/// reported as <see cref="FileChangeKind.Overflow"/>. Changed comes with writes, not with the close after the last
/// one, so no change ends a save (<see cref="FileChange.EndsSave"/>): every batch waits the quiet window.
/// </summary>
internal sealed class FileSystemWatcherChangeSource : ChangeSource
{
    // The largest buffer Windows accepts for a watcher over the network; it makes overflows rare.
    private const int BufferSize = 64 * 1024;

    private readonly List<FileSystemWatcher> _watchers = new();

    // The watchers raise their events on thread-pool threads: there is no reader thread to wake.
    public FileSystemWatcherChangeSource()
        : base("FileSystemWatcher", readerThreadName: null)
    {
    }

    // Nothing to acquire before the roots: each root gets a watcher of its own.
    protected override void Open()
    {
    }

    protected override void WatchRoot(string root)
    {
        // On a rescan the root already has its watcher (and a missing root has none to add).
        if (Directory.Exists(root) && !_watchers.Any(watcher => PathComparison.Comparer.Equals(watcher.Path, root)))
        {
            _watchers.Add(CreateWatcher(root));
        }
    }

    protected override void Close()
    {
        foreach (FileSystemWatcher watcher in _watchers)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }

        _watchers.Clear();
    }

    private FileSystemWatcher CreateWatcher(string root)
    {
        var watcher = new FileSystemWatcher(root)
        {
            IncludeSubdirectories = true,
            InternalBufferSize = BufferSize,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, e) => OnCreated(root, e.FullPath);
        watcher.Changed += (_, e) => OnChanged(root, e.FullPath);
        watcher.Deleted += (_, e) => OnDeleted(root, e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            OnDeleted(root, e.OldFullPath);
            OnCreated(root, e.FullPath);
        };
        watcher.Error += (_, _) => Report(root, FileChangeKind.Overflow);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnCreated(string root, string path)
    {
        if (IsInExcludedDirectory(root, path))
        {
            return;
        }

        if (Directory.Exists(path))
        {
            // A new directory: the watcher reports what is written into it from now on, but files already inside
            // (a directory moved in, or written in the same instant) must be reported by listing it.
            if (!IsExcludedDirectory(path))
            {
                WatchTree(path, reportFiles: true); // the recursive watcher covers it: this only lists
            }

            return;
        }

        Report(path, FileChangeKind.Created);
    }

    private void OnChanged(string root, string path)
    {
        // A directory "changes" when its entries do; the entries are reported on their own.
        if (!IsInExcludedDirectory(root, path) && !Directory.Exists(path))
        {
            Report(path, FileChangeKind.Modified);
        }
    }

    private void OnDeleted(string root, string path)
    {
        if (!IsInExcludedDirectory(root, path) && !IsExcludedDirectory(path))
        {
            Report(path, FileChangeKind.Deleted);
        }
    }

    // Whether one of the directories between the root (not included) and the path's parent is excluded.
    private bool IsInExcludedDirectory(string root, string path)
    {
        for (string? directory = Path.GetDirectoryName(path);
             directory is not null && directory.Length > root.Length && PathComparison.IsSameOrUnder(directory, root);
             directory = Path.GetDirectoryName(directory))
        {
            if (IsExcludedDirectory(directory))
            {
                return true;
            }
        }

        return false;
    }
}
