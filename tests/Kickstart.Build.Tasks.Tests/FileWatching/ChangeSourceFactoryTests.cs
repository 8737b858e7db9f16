using System;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

public sealed class ChangeSourceFactoryTests
{
    [Fact]
    public void Create_PicksTheOSMechanism()
    {
        using IChangeSource source = ChangeSourceFactory.Create(usePolling: false, TimeSpan.FromSeconds(1));

        string expected = OperatingSystem.IsLinux() ? "inotify"
            : OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? "kqueue"
            : "FileSystemWatcher";
        Assert.Equal(expected, source.Name);
    }

    [Fact]
    public void Create_WithPolling_Polls()
    {
        using IChangeSource source = ChangeSourceFactory.Create(usePolling: true, TimeSpan.FromSeconds(1));

        Assert.Equal("polling", source.Name);
        Assert.IsType<PollingChangeSource>(source);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData(" true ", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void PollingValue(string? value, bool expected)
    {
        Assert.Equal(expected, ChangeSourceFactory.IsPollingRequested(value));
    }

    [Fact]
    public void PollingRequestedByEnvironment_ReadsDotnetUsePollingFileWatcher()
    {
        string? saved = Environment.GetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER");
        try
        {
            Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "True");
            Assert.True(ChangeSourceFactory.PollingRequestedByEnvironment());

            Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "0");
            Assert.False(ChangeSourceFactory.PollingRequestedByEnvironment());

            Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", null);
            Assert.False(ChangeSourceFactory.PollingRequestedByEnvironment());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", saved);
        }
    }
}
