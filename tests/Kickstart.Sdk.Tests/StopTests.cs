using System;
using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// A stop the user asks for is the normal end of a watch, whichever signal asks: the server is stopped gracefully, the
/// watch says "kickstart: stopped" and the build exits 0. Signals sent to the build process alone, as a script or a
/// process manager would (a terminal's Ctrl+C is in <see cref="TerminalTests"/>).
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class StopTests
{
    private const int SIGHUP = 1;

    [Theory]
    [InlineData(ProcessTable.SIGINT)]
    [InlineData(ProcessTable.SIGTERM)]
    [InlineData(SIGHUP)]
    public void EveryStopSignalEndsTheWatchWithExitCodeZeroAndTheStoppedLine(int signal)
    {
        using GoProject project = TestServer.Create($"{nameof(EveryStopSignalEndsTheWatchWithExitCodeZeroAndTheStoppedLine)}{signal}");
        using WatchSession watch = WatchSession.Start(project, "-tl:off");
        watch.WaitUntilServing("message=v1");

        watch.Signal(signal);

        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(20)), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.True(File.Exists(Path.Combine(project.Directory, "stopped-v1")), "the server was not stopped gracefully\n" + watch.Output);
        Assert.True(watch.ExitCode == 0, $"exit code {watch.ExitCode}\n{watch.Output}");
        Assert.Contains(watch.Lines, l => l.Trim() == "kickstart: stopped");
        Assert.DoesNotContain(watch.Lines, l => l.Contains("Build FAILED", StringComparison.Ordinal) || l.Contains("cancel the build", StringComparison.Ordinal));
        Assert.True(Http.PortIsFree(watch.Port));
    }
}
