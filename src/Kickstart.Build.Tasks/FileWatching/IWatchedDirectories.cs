namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// A change source that can say which directories it watches: a change to a file of one of them (created, deleted,
/// renamed, a subdirectory with files) is reported, so what was read of such a directory stays true until a report
/// about it comes. The inotify source, which holds one watch per directory; the others cannot say, so nothing read of
/// a directory is kept when they watch.
/// </summary>
public interface IWatchedDirectories
{
    /// <summary>Whether <paramref name="directory"/> (a full path, no trailing separator) has a watch of its own now.</summary>
    bool IsWatching(string directory);
}
