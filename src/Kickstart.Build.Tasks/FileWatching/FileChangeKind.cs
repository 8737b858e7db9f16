namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>What happened to a path reported by an <see cref="IChangeSource"/>.</summary>
public enum FileChangeKind
{
    Created,
    Modified,
    Deleted,

    /// <summary>
    /// The source lost events (inotify IN_Q_OVERFLOW, FileSystemWatcher buffer overflow); the path is the root.
    /// Consumers rebuild once; the source itself rescans and re-adds its watches.
    /// </summary>
    Overflow,
}
