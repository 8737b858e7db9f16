using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Session;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Build.Tasks.Tests.Session;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>
/// The supervisor's blue/green swap behind the dev proxy (KickstartServerSwap), with fakes: the order of start, switch
/// and stop, the fallback to stop-start for a server that cannot run twice, and the mode property. The real thing —
/// processes, the proxy, requests under load — is the end-to-end BlueGreenWatchTests.
/// </summary>
public sealed class BlueGreenSwapTests
{
    private const int ConfiguredPort = 5099;

    private sealed class Swapper : IDisposable
    {
        private int _nextPort = 6000;

        public Swapper(ServerSwapMode mode = ServerSwapMode.Auto, bool proxy = true, TimeSpan? readyTimeout = null)
        {
            H = new LoopHarness();
            H.Browser.Address = proxy ? new Uri("http://127.0.0.1:8080/") : null;
            WatchOptions options = H.Options with { ServerSwap = mode, ReadyTimeout = readyTimeout ?? TimeSpan.FromSeconds(10) };
            Supervisor = new ServerSupervisor(options, H.Starter, H.Readiness, H.Browser, H.Output, H.Clock, default,
                exitReportGrace: TimeSpan.Zero, freePort: () => Interlocked.Increment(ref _nextPort));
        }

        public LoopHarness H { get; }
        public ServerSupervisor Supervisor { get; }

        public ServerRestart Swap(string content, int iteration) => Supervisor.Swap(FakeGoBinary.Write(H.Path("bin/server"), content), iteration);

        public IReadOnlyList<FakeServer> Servers => H.Starter.Servers;

        public static string Port(FakeServer server) => server.Info.Environment["PORT"]!;

        public void Dispose()
        {
            Supervisor.Shutdown();
            H.Dispose();
        }
    }

    [Fact]
    public void TheNewServerStartsOnAFreshPortTheProxySwitchesToItAndOnlyThenIsTheOldOneStopped()
    {
        using var s = new Swapper();
        s.Swap("v1", iteration: 1);
        var stopsOfTheOldAtTheSwitch = new List<int>();
        s.H.Browser.OnReady = _ => stopsOfTheOldAtTheSwitch.Add(s.Servers[0].Stops);

        ServerRestart second = s.Swap("v2", iteration: 2);

        Assert.Equal(RestartOutcome.Ready, second.Outcome);
        Assert.Equal(2, s.Servers.Count);
        Assert.Equal(ConfiguredPort.ToString(), Swapper.Port(s.Servers[0])); // the first start has no old server to run beside
        Assert.Equal("6001", Swapper.Port(s.Servers[1]));
        Assert.Equal(new[] { "http://127.0.0.1:5099/", "http://127.0.0.1:6001/" }, s.H.Browser.ReadyUrls);
        Assert.Equal(new[] { 0 }, stopsOfTheOldAtTheSwitch); // switched while the old one still ran
        Assert.Equal(new[] { "restarting", "ready", "ready" }, s.H.Browser.Calls); // no hold: the old one serves meanwhile
        Assert.True(Poll.Until(() => s.Servers[0].HasExited, Within.Deadline));
        Assert.Equal(1, s.Servers[0].Stops);
        Assert.False(s.Servers[1].HasExited);
        Assert.True(s.Supervisor.RunsSameBinaryAs(FakeGoBinary.Write(s.H.Path("bin/server"), "v2")));
        Assert.Empty(s.H.Engine.Warnings); // the old server's exit is no crash
    }

    [Fact]
    public async Task AnOldServerThatTakesItsTimeToStopDelaysNothingAndTheWatchsEndWaitsForIt()
    {
        using var s = new Swapper();
        var oldStops = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s.H.Starter.SlowStop = oldStops.Task;
        s.Swap("v1", iteration: 1);
        s.H.Starter.SlowStop = null;

        Assert.Equal(RestartOutcome.Ready, s.Swap("v2", iteration: 2).Outcome);
        Assert.Equal(RestartOutcome.Ready, s.Swap("v3", iteration: 3).Outcome);

        Assert.True(Poll.Until(() => s.Servers[0].Stops == 1, Within.Deadline)); // asked to stop in the background…
        Assert.False(s.Servers[0].HasExited); // …still in its graceful stop, and two swaps went through
        Assert.True(Poll.Until(() => s.Servers[1].HasExited, Within.Deadline));
        Task shutdown = Task.Run(s.Supervisor.Shutdown);
        // The current server is stopped first; the end then waits for the old one's graceful stop.
        Assert.True(Poll.Until(() => s.Servers[2].HasExited, Within.Deadline));
        Assert.False(shutdown.IsCompleted);
        oldStops.SetResult();
        await shutdown.WaitAsync(Within.Deadline);
        Assert.All(s.Servers, server => Assert.True(server.HasExited));
        Assert.Empty(s.H.Engine.Warnings);
    }

    [Fact]
    public void AServerThatCannotRunTwiceIsStartedTheClassicWayOnTheOldPortSaidOnceAndStopStartFromThenOn()
    {
        using var s = new Swapper();
        s.Swap("v1", iteration: 1);
        // As a server that binds a fixed port does: beside the old one it exits at once.
        s.H.Starter.ExitsAtOnce = info => s.Servers.Count(x => !x.HasExited) > 0;

        ServerRestart second = s.Swap("v2", iteration: 2);

        Assert.Equal(RestartOutcome.Ready, second.Outcome);
        Assert.Equal(new[] { "5099", "6001", "5099" }, s.Servers.Select(Swapper.Port));
        Assert.True(s.Servers[0].HasExited);
        Assert.True(s.Servers[1].HasExited);
        Assert.False(s.Servers[2].HasExited);
        Assert.Equal(new[] { "KS2051" }, s.H.Engine.Warnings);
        Assert.Equal(new[] { "restarting", "ready", "restarting", "ready" }, s.H.Browser.Calls);

        Assert.Equal(RestartOutcome.Ready, s.Swap("v3", iteration: 3).Outcome);
        Assert.Equal(new[] { "5099", "6001", "5099", "5099" }, s.Servers.Select(Swapper.Port)); // no second attempt
        Assert.Equal(new[] { "KS2051" }, s.H.Engine.Warnings);
    }

    [Fact]
    public void InAutoModeANewServerGetsTwoSecondsToAcceptBesideTheOldOneThenTheClassicWayItsWholeReadyTimeout()
    {
        using var s = new Swapper(readyTimeout: TimeSpan.FromSeconds(10));
        s.Swap("v1", iteration: 1);
        s.H.Readiness.Ready = false;

        ServerRestart second = s.Swap("v2", iteration: 2);

        Assert.Equal(RestartOutcome.NotReady, second.Outcome);
        Assert.Equal(new[] { TimeSpan.FromSeconds(10), ServerSupervisor.SideBySideReadyBound, TimeSpan.FromSeconds(10) }, s.H.Readiness.Deadlines);
        Assert.Equal(TimeSpan.FromSeconds(2), ServerSupervisor.SideBySideReadyBound);
        Assert.True(s.Servers[1].HasExited); // the one that never accepted beside the old one is gone
        Assert.Equal(new[] { "KS2051", "KS2004" }, s.H.Engine.Warnings);
    }

    [Fact]
    public void BlueGreenModeTriesAgainAtEverySwapWithTheWholeReadyTimeoutAndSaysTheFallbackOnce()
    {
        using var s = new Swapper(ServerSwapMode.BlueGreen, readyTimeout: TimeSpan.FromSeconds(7));
        s.Swap("v1", iteration: 1);
        s.H.Starter.ExitsAtOnce = info => s.Servers.Count(x => !x.HasExited) > 0;

        s.Swap("v2", iteration: 2);
        s.Swap("v3", iteration: 3);

        Assert.Equal(new[] { "5099", "6001", "5099", "6002", "5099" }, s.Servers.Select(Swapper.Port));
        Assert.Equal(new[] { "KS2051" }, s.H.Engine.Warnings);
        Assert.Contains(TimeSpan.FromSeconds(7), s.H.Readiness.Deadlines);
        Assert.DoesNotContain(ServerSupervisor.SideBySideReadyBound, s.H.Readiness.Deadlines);
    }

    [Theory]
    [InlineData(ServerSwapMode.StopStart, true)]
    [InlineData(ServerSwapMode.Auto, false)]
    [InlineData(ServerSwapMode.BlueGreen, false)]
    public void StopStartWhenAskedAndAlwaysWithoutAProxy(ServerSwapMode mode, bool proxy)
    {
        using var s = new Swapper(mode, proxy);
        s.Swap("v1", iteration: 1);

        s.Swap("v2", iteration: 2);

        Assert.Equal(new[] { "5099", "5099" }, s.Servers.Select(Swapper.Port));
        Assert.Equal(new[] { "restarting", "ready", "restarting", "ready" }, s.H.Browser.Calls);
        Assert.True(s.Servers[0].HasExited);
    }

    [Fact]
    public void ARestartByHandSwapsBlueGreenToo()
    {
        using var s = new Swapper();
        s.Swap("v1", iteration: 1);

        Assert.Equal(RestartOutcome.Ready, s.Supervisor.RestartByHand(iteration: 1).Outcome);

        Assert.Equal(new[] { "5099", "6001" }, s.Servers.Select(Swapper.Port));
        Assert.Equal(s.Servers[0].Info.FileName, s.Servers[1].Info.FileName);
        Assert.True(Poll.Until(() => s.Servers[0].HasExited, Within.Deadline));
    }

    [Fact]
    public void AfterACrashThereIsNoOldServerToRunBesideTheNewOneStartsWhereTheLastOneListened()
    {
        using var s = new Swapper();
        s.Swap("v1", iteration: 1);
        s.Swap("v2", iteration: 2);
        s.Servers[1].Crash();

        s.Swap("v3", iteration: 3);

        Assert.Equal(new[] { "5099", "6001", "6001" }, s.Servers.Select(Swapper.Port));
        Assert.Equal("http://127.0.0.1:6001/", s.H.Browser.ReadyUrls.Last());
    }

    [Fact]
    public void AForcedStopKillsTheOldServersStillStoppingToo()
    {
        using var s = new Swapper();
        s.H.Starter.SlowStop = new TaskCompletionSource().Task; // never stops by itself
        s.Swap("v1", iteration: 1);
        s.H.Starter.SlowStop = null;
        s.Swap("v2", iteration: 2);
        Assert.False(s.Servers[0].HasExited);

        s.Supervisor.KillNow();

        Assert.All(s.Servers, server => Assert.True(server.HasExited));
    }

    [Theory]
    [InlineData("auto", ServerSwapMode.Auto)]
    [InlineData("", ServerSwapMode.Auto)]
    [InlineData(" Blue-Green ", ServerSwapMode.BlueGreen)]
    [InlineData("stop-start", ServerSwapMode.StopStart)]
    public void TheModeIsReadAsWritten(string text, ServerSwapMode expected)
    {
        Assert.True(ServerSwapModeParser.TryParse(text, out ServerSwapMode mode));
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("bluegreen")]
    [InlineData("restart")]
    [InlineData("true")]
    public void AnyOtherModeIsRefused(string text) => Assert.False(ServerSwapModeParser.TryParse(text, out _));
}
