namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>One change reported by an <see cref="IChangeSource"/>: a full path and what happened to it.</summary>
/// <param name="EndsSave">
/// The event is the last one of a save: the file was closed after writing (inotify IN_CLOSE_WRITE) or renamed into
/// place (IN_MOVED_TO). <see cref="ChangeBatcher"/> then builds at once instead of waiting the quiet window. Only
/// inotify says so; kqueue, FileSystemWatcher and polling report a write while it may still go on, so their changes
/// never end a save and always wait the quiet window.
/// </param>
public readonly record struct FileChange(string Path, FileChangeKind Kind, bool EndsSave = false);
