using System;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// The OS cannot watch the whole tree (inotify ENOSPC from fs.inotify.max_user_watches, too many open files for kqueue).
/// The caller falls back to the polling source.
/// </summary>
public sealed class WatchLimitReachedException : Exception
{
    public WatchLimitReachedException()
        : base("The operating system's limit on file watches was reached.")
    {
    }

    public WatchLimitReachedException(string message)
        : base(message)
    {
    }

    public WatchLimitReachedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
