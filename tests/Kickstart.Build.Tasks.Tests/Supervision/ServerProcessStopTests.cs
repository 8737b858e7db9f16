using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Native;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class ServerProcessStopTests
{
    /// <summary>Long enough for sh to start its children, short enough to keep the suite fast.</summary>
    private static readonly TimeSpan ShortStopTimeout = TimeSpan.FromMilliseconds(400);

    // `wait` returns as soon as a trapped signal arrives, unlike a foreground command, so the trap runs at once.
    // The background sleep gets SIGTERM from the trap because asynchronous commands ignore SIGINT.
    private static string ExitsOnSignal(string signal, int exitCode) =>
        $"trap 'kill $child; echo caught {signal}; exit {exitCode}' {signal}; sleep 1000 & child=$!; echo ready; wait $child";

    // A shell that ignores SIGTERM, as do its children (an ignored signal stays ignored across fork and exec), with a
    // child and a grandchild. Every PID is written to ./pids before "ready" is printed.
    private const string IgnoresTerminateWithDescendants =
        "trap '' TERM; echo $$ >> pids; "
        + "sleep 1000 & echo $! >> pids; "
        + "sh -c 'sleep 1000 & echo $! >> pids; echo grandchild-started; wait' & echo $! >> pids; "
        + "echo ready; wait";

    [UnixFact]
    public async Task Terminate_returns_as_soon_as_the_server_exits()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start(ExitsOnSignal("TERM", 0), scratch, output);
        await output.WaitForAsync("ready");

        var stopwatch = Stopwatch.StartNew();
        ServerExit exit = await server.StopAsync(ServerStopSignal.Terminate, Deadlines.UnreachedStopTimeout);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Stop took {stopwatch.Elapsed}.");
        Assert.Equal(new ServerExit(0, null, false, exit.StopDuration), exit);
        Assert.True(exit.StopDuration < TimeSpan.FromSeconds(10));
        Assert.Contains("caught TERM", output.Texts(isError: false));
        Assert.Same(exit, await server.Exited);
    }

    [UnixFact]
    public async Task Terminate_on_a_server_without_a_handler_reports_SIGTERM()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        // Blocked in open() of a FIFO: no child process, and the default SIGTERM action ends the shell.
        await using ServerProcess server = ShellServer.Start($"mkfifo gate; echo ready; {FifoGate.WaitIn("gate")}", scratch, output);
        await output.WaitForAsync("ready");

        ServerExit exit = await server.StopAsync(ServerStopSignal.Terminate, Deadlines.UnreachedStopTimeout);

        Assert.Null(exit.ExitCode);
        Assert.Equal(15, exit.Signal);
        Assert.False(exit.KilledAfterTimeout);
        Assert.Equal("was killed by signal SIGTERM (15)", exit.Describe());
    }

    [UnixFact]
    public async Task Interrupt_sends_SIGINT()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start(ExitsOnSignal("INT", 7), scratch, output);
        await output.WaitForAsync("ready");

        var stopwatch = Stopwatch.StartNew();
        ServerExit exit = await server.StopAsync(ServerStopSignal.Interrupt, Deadlines.UnreachedStopTimeout);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Stop took {stopwatch.Elapsed}.");
        Assert.Equal(7, exit.ExitCode);
        Assert.False(exit.KilledAfterTimeout);
        Assert.Contains("caught INT", output.Texts(isError: false));
    }

    [UnixFact]
    public async Task Interrupt_on_a_server_without_a_handler_reports_SIGINT()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start($"mkfifo gate; echo ready; {FifoGate.WaitIn("gate")}", scratch, output);
        await output.WaitForAsync("ready");

        ServerExit exit = await server.StopAsync(ServerStopSignal.Interrupt, Deadlines.UnreachedStopTimeout);

        Assert.Equal(2, exit.Signal);
        Assert.Equal("was killed by signal SIGINT (2)", exit.Describe());
    }

    [UnixFact]
    public async Task A_server_ignoring_the_signal_is_killed_with_its_descendants_after_the_timeout()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        try
        {
            await using ServerProcess server = ShellServer.Start(IgnoresTerminateWithDescendants, scratch, output);
            await output.WaitForAsync("ready");
            await output.WaitForAsync("grandchild-started");
            int[] pids = PidFile.Read(scratch.At("pids"));
            Assert.Equal(4, pids.Length);
            // The shell runs under the launcher, in the process group the launcher leads (the pid .NET knows).
            Assert.All(pids, pid => Assert.Equal(server.Id, PosixProcessSignals.GetProcessGroup(pid)));

            ServerExit exit = await server.StopAsync(ServerStopSignal.Terminate, ShortStopTimeout);

            Assert.True(exit.KilledAfterTimeout);
            Assert.Equal(9, exit.Signal);
            Assert.True(exit.StopDuration >= ShortStopTimeout, $"Killed after only {exit.StopDuration}.");
            Assert.StartsWith("was killed after not stopping within ", exit.Describe());
            await AssertAllGoneAsync(pids);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [LinuxFact]
    public async Task A_child_that_left_the_group_is_killed_with_a_server_that_ignored_the_signal()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        // The child starts a session of its own (setsid) and its parent exits at once: neither the group kill nor the
        // parent chain as it was reaches it; the launcher (its subreaper) must.
        const string script = "trap '' TERM; echo $$ >> pids; "
            + "sh -c 'setsid sh -c \"echo \\$\\$ >> pids; echo detached-started; exec sleep 1000\" < /dev/null &'; "
            + "echo ready; while :; do sleep 0.05; done";
        try
        {
            await using ServerProcess server = ShellServer.Start(script, scratch, output);
            await output.WaitForAsync("detached-started");
            await output.WaitForAsync("ready");
            int[] pids = PidFile.Read(scratch.At("pids"));
            Assert.Equal(2, pids.Length);
            Assert.NotEqual(server.Id, PosixProcessSignals.GetProcessGroup(pids[1])); // it left the launcher's group

            ServerExit exit = await server.StopAsync(ServerStopSignal.Terminate, ShortStopTimeout);

            Assert.True(exit.KilledAfterTimeout);
            await AssertAllGoneAsync(pids);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task Kill_stops_the_tree_at_once()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        try
        {
            await using ServerProcess server = ShellServer.Start(IgnoresTerminateWithDescendants, scratch, output);
            await output.WaitForAsync("grandchild-started");
            await output.WaitForAsync("ready");
            int[] pids = PidFile.Read(scratch.At("pids"));

            var stopwatch = Stopwatch.StartNew();
            ServerExit exit = await server.StopAsync(ServerStopSignal.Kill, Deadlines.UnreachedStopTimeout);

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Kill took {stopwatch.Elapsed}.");
            Assert.Equal(9, exit.Signal);
            Assert.False(exit.KilledAfterTimeout);
            await AssertAllGoneAsync(pids);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task KillTreeNow_kills_the_tree_and_is_safe_to_repeat()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        try
        {
            await using ServerProcess server = ShellServer.Start(IgnoresTerminateWithDescendants, scratch, output);
            await output.WaitForAsync("grandchild-started");
            await output.WaitForAsync("ready");
            int[] pids = PidFile.Read(scratch.At("pids"));

            server.KillTreeNow();
            server.KillTreeNow();
            ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);
            server.KillTreeNow();

            Assert.Equal(9, exit.Signal);
            await AssertAllGoneAsync(pids);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task Disposing_kills_the_tree()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        try
        {
            ServerProcess server = ShellServer.Start(IgnoresTerminateWithDescendants, scratch, output);
            int[] pids;
            try
            {
                await output.WaitForAsync("grandchild-started");
                await output.WaitForAsync("ready");
                pids = PidFile.Read(scratch.At("pids"));
            }
            finally
            {
                await server.DisposeAsync();
            }

            await server.DisposeAsync();
            Assert.True(server.HasExited);
            server.KillTreeNow();
            await AssertAllGoneAsync(pids);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task Stopping_after_the_server_exited_returns_its_exit_without_throwing()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start("exit 4", scratch, output);
        ServerExit exited = await server.Exited.WaitAsync(Deadlines.Condition);

        server.KillTreeNow();
        ServerExit stopped = await server.StopAsync(ServerStopSignal.Terminate, ShortStopTimeout);
        ServerExit stoppedAgain = await server.StopAsync(ServerStopSignal.Kill, ShortStopTimeout);
        server.KillTreeNow();

        Assert.Same(exited, stopped);
        Assert.Same(exited, stoppedAgain);
        Assert.Equal(4, exited.ExitCode);
        Assert.Equal(TimeSpan.Zero, exited.StopDuration);
    }

    [UnixFact]
    public async Task Concurrent_stops_share_one_stop()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start(ExitsOnSignal("TERM", 0), scratch, output);
        await output.WaitForAsync("ready");

        Task<ServerExit> first = server.StopAsync(ServerStopSignal.Terminate, Deadlines.UnreachedStopTimeout);
        Task<ServerExit> second = server.StopAsync(ServerStopSignal.Terminate, Deadlines.UnreachedStopTimeout);
        ServerExit[] exits = await Task.WhenAll(first, second).WaitAsync(Deadlines.Condition);

        Assert.Same(exits[0], exits[1]);
        Assert.Equal(0, exits[0].ExitCode);
        Assert.Single(output.Texts(isError: false), "caught TERM");
    }

    [UnixFact]
    public async Task Cancelling_the_wait_leaves_the_stop_to_finish()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        try
        {
            await using ServerProcess server = ShellServer.Start(IgnoresTerminateWithDescendants, scratch, output);
            await output.WaitForAsync("grandchild-started");
            await output.WaitForAsync("ready");
            using var cancellation = new CancellationTokenSource();

            Task<ServerExit> stop = server.StopAsync(ServerStopSignal.Terminate, ShortStopTimeout, cancellation.Token);
            cancellation.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stop);
            ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);
            Assert.True(exit.KilledAfterTimeout);
            await AssertAllGoneAsync(PidFile.Read(scratch.At("pids")));
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    private static async Task AssertAllGoneAsync(int[] pids)
    {
        // Orphaned descendants are reaped by init a moment after the kill, hence a wait rather than a single check.
        bool allGone = await Poll.UntilAsync(() => pids.All(ProcessTable.IsGone), Deadlines.Condition);
        Assert.True(allGone, "Still running: " + string.Join(", ", pids.Where(pid => !ProcessTable.IsGone(pid))));
    }
}
