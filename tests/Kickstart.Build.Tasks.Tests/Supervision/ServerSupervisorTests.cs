using System;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Build.Tasks.Tests.Session;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>
/// The supervisor's one restart sequence, with a fake starter and readiness check (the real process side is covered
/// by ServerProcess*Tests and ReadinessProbeTests, the whole by the end-to-end watch tests).
/// </summary>
public sealed class ServerSupervisorTests
{
    private static string Binary(LoopHarness h, string content)
    {
        return FakeGoBinary.Write(h.Path("bin/server"), content);
    }

    [Fact]
    public void ASwapStopsTheOldServerStartsTheNewOneAndReleasesHeldRequests()
    {
        using var h = new LoopHarness();
        Assert.Equal(RestartOutcome.Ready, h.Supervisor.Swap(Binary(h, "v1"), iteration: 1).Outcome);
        ServerRestart second = h.Supervisor.Swap(Binary(h, "v2"), iteration: 2);

        Assert.Equal(RestartOutcome.Ready, second.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(5), second.Took);
        Assert.Equal(2, h.Starter.Servers.Count);
        Assert.Equal(1, h.Starter.Servers[0].Stops);
        Assert.Equal(new[] { "restarting", "ready", "restarting", "ready" }, h.Browser.Calls);
        Assert.Equal("2", h.Starter.Servers[1].Info.Environment["KICKSTART_ITERATION"]);
        Assert.Equal("5099", h.Starter.Servers[1].Info.Environment["PORT"]);
        // On Unix the server runs from the build output itself (no staged copy); on Windows the previous copy is gone.
        if (OperatingSystem.IsWindows())
            Assert.False(File.Exists(h.Starter.Servers[0].Info.FileName));
        else
            Assert.Equal(h.Path("bin/server"), h.Starter.Servers[1].Info.FileName);
        Assert.True(h.Supervisor.RunsSameBinaryAs(Binary(h, "v2")));
        Assert.False(h.Supervisor.RunsSameBinaryAs(Binary(h, "v3")));
        Assert.Empty(h.Engine.Warnings); // the servers the supervisor stopped are no crashes
    }

    /// <summary>Before, the manual restart ignored the probe's result and never warned: now it is the swap's sequence.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AServerThatIsNotReadyInTimeWarnsKS2004OnASwapAndOnAManualRestartAlike(bool byHand)
    {
        using var h = new LoopHarness();
        h.Supervisor.Swap(Binary(h, "v1"), iteration: 1);
        h.Readiness.Ready = false;

        ServerRestart restart = byHand ? h.Supervisor.RestartByHand(iteration: 1) : h.Supervisor.Swap(Binary(h, "v2"), iteration: 2);

        Assert.Equal(RestartOutcome.NotReady, restart.Outcome);
        Assert.Equal(new[] { "KS2004" }, h.Engine.Warnings);
        Assert.Equal(new[] { "restarting", "ready", "restarting", "ready" }, h.Browser.Calls); // held requests released
        Assert.Equal(2, h.Starter.Servers.Count);
    }

    [Fact]
    public void ACrashIsReportedOnceAndARestartByHandBringsTheServerBack()
    {
        using var h = new LoopHarness();
        h.Supervisor.Swap(Binary(h, "v1"), iteration: 1);
        h.Starter.Servers[0].Crash();

        Assert.Equal(new[] { "KS2003" }, h.Engine.Warnings);
        Assert.False(h.Supervisor.IsRunning);
        Assert.Equal(RestartOutcome.Ready, h.Supervisor.RestartByHand(iteration: 1).Outcome);
        h.Supervisor.Shutdown();
        Assert.Equal(new[] { "KS2003" }, h.Engine.Warnings);
    }

    [Fact]
    public void NothingToRestartByHandBeforeABuildSucceeded()
    {
        using var h = new LoopHarness();

        Assert.Equal(RestartOutcome.NothingToRun, h.Supervisor.RestartByHand(iteration: 1).Outcome);
        Assert.Empty(h.Starter.Servers);
        Assert.Empty(h.Browser.Calls);
        Assert.Contains("kickstart: nothing to restart yet: the last build failed.", h.Engine.Lines);
    }

    [Fact]
    public void AServerThatCannotStartIsSaidAndHeldRequestsAreReleased()
    {
        using var h = new LoopHarness();
        h.Starter.Failure = new System.ComponentModel.Win32Exception(13, "Permission denied");

        ServerRestart restart = h.Supervisor.Swap(Binary(h, "v1"), iteration: 1);

        Assert.Equal(RestartOutcome.NotStarted, restart.Outcome);
        Assert.False(restart.Restarted);
        Assert.Equal(new[] { "restarting", "ready" }, h.Browser.Calls);
        Assert.Contains(h.Engine.Lines, l => l.StartsWith("kickstart: could not start ", StringComparison.Ordinal) && l.EndsWith(": Permission denied", StringComparison.Ordinal));
        Assert.False(h.Supervisor.IsRunning);
    }

    [Fact]
    public void TheStopOnExitStopsTheServerAndItsExitIsNoCrash()
    {
        using var h = new LoopHarness();
        h.Supervisor.Swap(Binary(h, "v1"), iteration: 1);

        h.Supervisor.StopOnExit();

        FakeServer server = Assert.Single(h.Starter.Servers);
        Assert.Equal(1, server.Stops);
        Assert.True(server.HasExited);
        Assert.Empty(h.Engine.Warnings);
    }

    [Fact]
    public void WithoutAServerUrlThereIsNothingToProbe()
    {
        using var h = new LoopHarness();
        var supervisor = new ServerSupervisor(h.Options with { ServerUrl = null }, h.Starter, new NeverAsked(), h.Browser, h.Output, h.Clock,
            default, exitReportGrace: TimeSpan.Zero);

        Assert.Equal(RestartOutcome.Running, supervisor.Swap(Binary(h, "v1"), iteration: 1).Outcome);
        Assert.Equal(new[] { "restarting" }, h.Browser.Calls);
        Assert.False(h.Starter.Servers.Single().Info.Environment.ContainsKey("PORT"));
        supervisor.Shutdown();
    }

    private sealed class NeverAsked : IReadinessCheck
    {
        public System.Threading.Tasks.Task<bool> WaitUntilReadyAsync(Uri url, IRunningServer server, TimeSpan deadline, System.Threading.CancellationToken cancellation) =>
            throw new InvalidOperationException("no URL, no probe");
    }
}
