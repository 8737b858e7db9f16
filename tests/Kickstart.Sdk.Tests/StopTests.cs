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
        Assert.Contains(watch.Lines, l => l.Trim() == WatchStatusLines.Stopped(forced: false, lastBuildFailed: false));
        Assert.DoesNotContain(watch.Lines, l => l.Contains("Build FAILED", StringComparison.Ordinal) || l.Contains("cancel the build", StringComparison.Ordinal));
        Assert.True(Http.PortIsFree(watch.Port));
    }

    /// <summary>
    /// A solution of services is watched on several MSBuild nodes; a SIGINT to the build process alone (not to its
    /// process group, as a terminal would) must still stop the services watched in the other nodes.
    /// </summary>
    [Fact]
    public void SigintToTheBuildProcessAloneStopsEveryServiceOfASolution()
    {
        using GoProject root = GoProject.Create(nameof(SigintToTheBuildProcessAloneStopsEveryServiceOfASolution), "unused", withMain: false);
        var ports = new System.Collections.Generic.Dictionary<string, int>();
        foreach (string service in new[] { "api", "web", "jobs" })
        {
            ports[service] = FreePort.Find();
            root.Write($"{service}/go.mod", $"module example.com/{service}\n\ngo 1.19\n")
                .Write($"{service}/main.go", TestServer.WithMessage($"{service}-v1"))
                .Write($"{service}/page.gohtml", "p")
                .Write($"{service}/{service}.proj", $"<Project Sdk=\"Kickstart.Sdk/{TestRun.SdkVersion}\">\n  <PropertyGroup><KickstartServerUrl>http://127.0.0.1:{ports[service]}</KickstartServerUrl></PropertyGroup>\n</Project>\n");
        }
        Assert.True(root.Dotnet("new", "sln", "-n", "services", "--format", "sln").Succeeded);
        CommandResult add = root.Dotnet("sln", "services.sln", "add", "api/api.proj", "web/web.proj", "jobs/jobs.proj");
        Assert.True(add.Succeeded, add.ToString());

        using WatchSession watch = WatchSession.StartOn(root, Path.Combine(root.Directory, "services.sln"), "-tl:off");
        foreach (var (service, port) in ports)
            Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains($"message={service}-v1"), TimeSpan.FromSeconds(120)), watch.Output);

        watch.Signal(ProcessTable.SIGINT);

        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(30)), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.True(watch.ExitCode == 0, $"exit code {watch.ExitCode}\n{watch.Output}");
        Assert.Equal(3, watch.Count(l => l.Trim().EndsWith(WatchStatusLines.Stopped(forced: false, lastBuildFailed: false), StringComparison.Ordinal)));
        Assert.All(ports.Values, port => Assert.True(Http.PortIsFree(port)));
    }
}
