using System;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>Picks the change source for this OS, or the polling one when asked to.</summary>
public static class ChangeSourceFactory
{
    /// <summary>The environment variable .NET's own watchers honour to poll instead of using OS notifications.</summary>
    public const string PollingEnvironmentVariable = "DOTNET_USE_POLLING_FILE_WATCHER";

    /// <summary>Linux → inotify; macOS/FreeBSD → kqueue; Windows (and anything else) → FileSystemWatcher; <paramref name="usePolling"/> → polling.</summary>
    public static IChangeSource Create(bool usePolling, TimeSpan pollInterval)
    {
        if (usePolling)
        {
            return new PollingChangeSource(pollInterval);
        }

        if (OperatingSystem.IsLinux())
        {
            return new InotifyChangeSource();
        }

        if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            return new KqueueChangeSource();
        }

        return new FileSystemWatcherChangeSource();
    }

    /// <summary>True when DOTNET_USE_POLLING_FILE_WATCHER is "1" or "true" (any case).</summary>
    public static bool PollingRequestedByEnvironment() =>
        IsPollingRequested(Environment.GetEnvironmentVariable(PollingEnvironmentVariable));

    internal static bool IsPollingRequested(string? value)
    {
        string trimmed = value?.Trim() ?? string.Empty;
        return trimmed == "1" || string.Equals(trimmed, "true", StringComparison.OrdinalIgnoreCase);
    }
}
