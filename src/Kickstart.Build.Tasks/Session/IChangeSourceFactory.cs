using System;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Session;

/// <summary>Where the watch loop gets its change sources: the OS's (<see cref="SystemChangeSources"/>), or a test's.</summary>
internal interface IChangeSourceFactory
{
    /// <summary>The OS's own source, or the polling one when <paramref name="usePolling"/>.</summary>
    IChangeSource Create(bool usePolling, TimeSpan pollingInterval);

    /// <summary>True when the environment asks for polling (DOTNET_USE_POLLING_FILE_WATCHER).</summary>
    bool PollingRequestedByEnvironment();
}

/// <summary>The change sources of this OS (<see cref="ChangeSourceFactory"/>).</summary>
internal sealed class SystemChangeSources : IChangeSourceFactory
{
    public static readonly SystemChangeSources Instance = new();

    public IChangeSource Create(bool usePolling, TimeSpan pollingInterval) => ChangeSourceFactory.Create(usePolling, pollingInterval);

    public bool PollingRequestedByEnvironment() => ChangeSourceFactory.PollingRequestedByEnvironment();
}
