using System;
using System.Collections.Generic;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Reports changes to the files of directory trees. One implementation per OS mechanism; create them with
/// <see cref="ChangeSourceFactory"/>. Sources report raw changes: deciding which ones matter is the job of
/// <see cref="WatchSet"/> and <see cref="ChangeBatcher"/>.
/// </summary>
public interface IChangeSource : IDisposable
{
    /// <summary>"inotify", "kqueue", "FileSystemWatcher" or "polling".</summary>
    string Name { get; }

    /// <summary>
    /// Watches each root recursively, never descending into a directory for which <paramref name="isExcludedDirectory"/>
    /// (given a full path) is true, and reports changes to files (full paths) on a background thread via
    /// <paramref name="onChange"/>. Directories created later are watched at once and scanned, their files reported as
    /// <see cref="FileChangeKind.Created"/>, so a file written into a brand-new directory in the same instant is not missed.
    /// A directory deleted or moved away may be reported as <see cref="FileChangeKind.Deleted"/> of the directory's path
    /// (when moved away no event names the files that went with it); the polling source reports each file instead.
    /// Returns after the initial watches are in place.
    /// </summary>
    /// <exception cref="WatchLimitReachedException">The OS cannot cover the tree (inotify max_user_watches, open files).</exception>
    void Start(IReadOnlyList<string> roots, Func<string, bool> isExcludedDirectory, Action<FileChange> onChange);
}
