using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Kickstart.Build.Tasks.Session;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>
/// What the loop tells a host (<see cref="IWatchHost"/>, recorded by <see cref="RecordingHost"/>) and what the host's
/// commands make it do. The channel itself is HostChannelTests'; the whole way, with a real watch, HostChannelWatchTests'.
/// </summary>
public sealed class WatchLoopHostTests
{
    private static bool IsRestartLine(string line) => Regex.IsMatch(line, WatchStatusLines.RestartedPattern);

    [Fact]
    public void EachMomentAStatusLineMarksIsAnEventWithThatLine()
    {
        var host = new RecordingHost();
        using var watch = new LoopHarness(host: host);
        watch.Builder.Outcome = i => i switch { 1 => "server v1", 2 => null, 3 => "server v1", _ => "server v2" };
        watch.StartAndWaitForTheServer();

        WatchEvent running = host.WaitFor(WatchEventKinds.Running);
        Assert.Equal(new[] { WatchEventKinds.Building, WatchEventKinds.Running }, host.Kinds);
        Assert.Null(host.Events[0].Message); // the first build: no changes to name
        Assert.Equal(watch.Engine.Lines.Single(l => Regex.IsMatch(l, WatchStatusLines.StartedPattern)), running.Message);
        Assert.Equal("http://127.0.0.1:5099/", running.Url);
        Assert.Equal(watch.Starter.Servers[0].ServerProcessId, running.ServerProcessId);

        watch.Save("main.go");
        WatchEvent failed = host.WaitFor(WatchEventKinds.BuildFailed);
        Assert.Equal("1 file changed (main.go)", host.Events[2].Message);
        Assert.Equal(watch.Engine.Lines.Single(l => Regex.IsMatch(l, WatchStatusLines.BuildFailedPattern)), failed.Message);
        Assert.Equal(watch.Builder.FailedBuildErrors, failed.Errors);
        Assert.True(failed.StillServing);

        watch.Save("a.go");
        WatchEvent unchanged = host.WaitFor(WatchEventKinds.Unchanged);
        Assert.Equal(watch.Engine.Lines.Single(l => Regex.IsMatch(l, WatchStatusLines.BinaryUnchangedPattern)), unchanged.Message);

        watch.Save("b.go");
        WatchEvent second = host.WaitFor(WatchEventKinds.Running, 2);
        Assert.Equal(watch.Engine.Lines.Single(IsRestartLine), second.Message);
        Assert.Equal(watch.Starter.Servers[1].ServerProcessId, second.ServerProcessId);
        Assert.NotEqual(running.ServerProcessId, second.ServerProcessId);

        watch.Stop();
        watch.Loop.ReportStopped();
        Assert.Equal(new[]
        {
            WatchEventKinds.Building, WatchEventKinds.Running,
            WatchEventKinds.Building, WatchEventKinds.BuildFailed,
            WatchEventKinds.Building, WatchEventKinds.Unchanged,
            WatchEventKinds.Building, WatchEventKinds.Running,
            WatchEventKinds.Stopping,
        }, host.Kinds);
        Assert.Equal(WatchStatusLines.Stopped(forced: false, lastBuildFailed: false), host.Events.Last().Message);
    }

    /// <summary>
    /// SIGTERM: the .NET CLI ends the process once the exit handlers return, while the loop's own end may be telling
    /// the host that the watch stops. The exit handler must not return before the host has the event.
    /// </summary>
    [Fact]
    public void AProcessExitWaitsForTheStopEventTheLoopIsSending()
    {
        using var gate = new ManualResetEventSlim();
        var host = new RecordingHost { StoppingGate = gate };
        using var watch = new LoopHarness(host: host);
        watch.StartAndWaitForTheServer();
        watch.Stop();

        // Threads, as the loop's end and the runtime's exit handler are.
        var loopsReport = new Thread(() => watch.Loop.ReportStopped());
        loopsReport.Start();
        Assert.True(host.StoppingEntered.Wait(Within.Deadline));
        var exitsReport = new Thread(() => watch.Loop.ReportStopped(processExiting: true));
        exitsReport.Start();
        Assert.False(exitsReport.Join(TimeSpan.FromMilliseconds(300)), "the exit handler returned before the host had the stop");

        gate.Set();
        Assert.True(exitsReport.Join(Within.Deadline));
        Assert.Equal(WatchEventKinds.Stopping, host.Kinds.Last());
        Assert.True(loopsReport.Join(Within.Deadline));
        Assert.Single(host.Kinds, k => k == WatchEventKinds.Stopping);
    }

    [Fact]
    public void BehindTheDevProxyTheAddressUsersOpenIsTheProxys()
    {
        var host = new RecordingHost();
        using var watch = new LoopHarness(host: host);
        watch.Browser.Address = new Uri("http://127.0.0.1:5100/");
        watch.StartAndWaitForTheServer();

        Assert.Equal("http://127.0.0.1:5100/", host.WaitFor(WatchEventKinds.Running).Url);
    }

    [Fact]
    public void AFirstBuildThatFailsServesNothing()
    {
        var host = new RecordingHost();
        using var watch = new LoopHarness(host: host);
        watch.Builder.Outcome = _ => null;
        watch.Start();

        WatchEvent failed = host.WaitFor(WatchEventKinds.BuildFailed);
        Assert.Equal(WatchStatusLines.FirstBuildFailed, failed.Message);
        Assert.False(failed.StillServing);
        Assert.Equal(watch.Builder.FailedBuildErrors, failed.Errors);
    }

    /// <summary>
    /// A first build that failed before it said what to watch: no file is known to be the project file yet, so a change
    /// reads the project files again (a fix of the project file is seen, not the cached one built again).
    /// </summary>
    [Fact]
    public void AChangeAfterAFirstBuildThatSaidNothingToWatchReadsTheProjectAgain()
    {
        var host = new RecordingHost();
        using var watch = new LoopHarness(host: host);
        watch.Builder.Outcome = i => i == 1 ? null : "server v" + i;
        watch.Builder.CollectsWatchItems = i => i != 1;
        watch.Start();
        host.WaitFor(WatchEventKinds.BuildFailed);
        Assert.Equal(0, watch.Builder.ProjectFilesForgotten);

        watch.Save("web.proj");
        watch.Engine.WaitForLine(l => l.StartsWith("kickstart: 1 file changed (web.proj)", StringComparison.Ordinal) && l.Contains("serving at"),
            "the build after the fix");

        Assert.Equal(1, watch.Builder.ProjectFilesForgotten);
        Assert.Empty(watch.Builder.FastPathBuilds);
    }

    [Fact]
    public void AServerThatExitsByItselfIsAnEvent()
    {
        var host = new RecordingHost();
        using var watch = new LoopHarness(host: host);
        watch.StartAndWaitForTheServer();

        watch.Starter.Servers[0].Crash();
        WatchEvent exited = host.WaitFor(WatchEventKinds.ServerExited);
        Assert.StartsWith("kickstart: warning KS2003: The server ", exited.Message, StringComparison.Ordinal);
    }

    /// <summary>The host's Restart is Ctrl+R's: a restart by hand from the binary the server runs, no build.</summary>
    [Fact]
    public void TheRestartCommandRestartsTheServerByHand()
    {
        var host = new RecordingHost();
        using var watch = new LoopHarness(host: host);
        watch.StartAndWaitForTheServer();
        // A Restart before the first start is over is answered by that start (Ctrl+R's rule): past a later build, it is not.
        watch.Save("a.go");
        host.WaitFor(WatchEventKinds.Unchanged);

        host.Restart();
        string line = watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.RestartedByHandPattern), "the restart by hand");

        WatchEvent running = host.WaitFor(WatchEventKinds.Running, 2);
        Assert.Equal(line, running.Message);
        Assert.Equal(2, watch.Starter.Servers.Count);
        Assert.Equal(watch.Starter.Servers[1].ServerProcessId, running.ServerProcessId);
        Assert.Equal(new[] { 1, 2 }, watch.Builder.Builds); // the save's build only
    }

    /// <summary>Ctrl+R's rule: a Restart during a build that swaps is answered by the swap (one restart, not two).</summary>
    [Fact]
    public void TheRestartCommandDuringABuildThatSwapsIsAnsweredByTheSwap()
    {
        var host = new RecordingHost();
        using var watch = new LoopHarness(host: host);
        watch.Builder.Outcome = i => i <= 2 ? "server v" + i : "server v2";
        watch.Builder.Hold(2);
        watch.StartAndWaitForTheServer();

        watch.Save("main.go");
        watch.Builder.WaitUntilStarted(2);
        host.Restart();
        watch.Builder.Release(2);
        watch.Engine.WaitForLine(l => l.Contains("1 file changed (main.go)") && IsRestartLine(l), "the swap's line");
        watch.Save("a.go");
        host.WaitFor(WatchEventKinds.Unchanged);

        Assert.Equal(2, watch.Starter.Servers.Count);
        Assert.DoesNotContain(watch.Engine.Lines, l => Regex.IsMatch(l, WatchStatusLines.RestartedByHandPattern));
    }

    /// <summary>The host's Rebuild evaluates the project anew and builds (never the fast path), then swaps.</summary>
    [Fact]
    public void TheRebuildCommandIsAFullBuildAndASwap()
    {
        var host = new RecordingHost();
        using var watch = new LoopHarness(host: host);
        watch.Builder.Outcome = i => "server v" + i;
        watch.StartAndWaitForTheServer();

        host.Rebuild();
        string line = watch.Engine.WaitForLine(IsRestartLine, "the rebuild's restart");

        Assert.StartsWith("kickstart: " + WatchStatusLines.RebuildAskedByHost + " → built 40 ms → restarted 5 ms → serving at http://127.0.0.1:5099", line, StringComparison.Ordinal);
        Assert.Equal(new[] { 1, 2 }, watch.Builder.Builds);
        Assert.Empty(watch.Builder.FastPathBuilds);
        Assert.Equal(1, watch.Builder.ProjectFilesForgotten);
        Assert.Equal(2, watch.Starter.Servers.Count);
        WatchEvent building = host.WaitFor(WatchEventKinds.Building, 2);
        Assert.Equal(WatchStatusLines.RebuildAskedByHost, building.Message);
        Assert.Equal(line, host.WaitFor(WatchEventKinds.Running, 2).Message);
    }
}
