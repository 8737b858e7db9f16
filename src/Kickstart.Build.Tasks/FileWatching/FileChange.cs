namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>One change reported by an <see cref="IChangeSource"/>: a full path and what happened to it.</summary>
public readonly record struct FileChange(string Path, FileChangeKind Kind);
