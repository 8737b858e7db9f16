using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Native;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>
/// The server runs in a process group of its own under Kickstart's launcher: the stop signal reaches everything it
/// started, nothing it started outlives it, and the group dies with the process that holds the launcher's lifeline.
/// Real /bin/sh scripts, real signals, real orphans.
/// </summary>
public sealed class ProcessGroupTests
{
    private static readonly TimeSpan ShortStopTimeout = TimeSpan.FromMilliseconds(400);

    [UnixFact]
    public async Task The_stop_signal_reaches_every_process_the_server_started()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        // The child handles SIGTERM by itself; its parent only waits for it. Unless the signal reaches the child too, the
        // stop ends only at the timeout.
        const string script =
            "sh -c 'trap \"echo TERM > child-got-term; exit 0\" TERM; echo $$ >> pids; sleep 1000 & echo $! >> pids; echo child-ready; wait' & child=$!; "
            + "trap 'wait $child; exit 0' TERM; echo $$ >> pids; echo ready; wait $child";
        try
        {
            await using ServerProcess server = ShellServer.Start(script, scratch, output);
            await output.WaitForAsync("ready");
            await output.WaitForAsync("child-ready");

            ServerExit exit = await server.StopAsync(ServerStopSignal.Terminate, Deadlines.UnreachedStopTimeout);

            Assert.False(exit.KilledAfterTimeout, "the stop signal did not reach the server's child");
            Assert.Equal(0, exit.ExitCode);
            Assert.True(File.Exists(scratch.At("child-got-term")));
            await AssertAllGoneAsync(scratch);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task What_the_server_leaves_running_is_killed_when_it_stops()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        // A child that ignores SIGTERM, and a server that exits on it at once without waiting for the child.
        const string script = "(trap '' TERM; exec sleep 1000) & echo $! >> pids; trap 'exit 0' TERM; echo $$ >> pids; echo ready; wait";
        try
        {
            await using ServerProcess server = ShellServer.Start(script, scratch, output);
            await output.WaitForAsync("ready");

            ServerExit exit = await server.StopAsync(ServerStopSignal.Terminate, Deadlines.UnreachedStopTimeout);

            Assert.Equal(0, exit.ExitCode);
            Assert.False(exit.KilledAfterTimeout);
            await AssertAllGoneAsync(scratch);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task A_server_that_exits_by_itself_takes_its_children_with_it()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        try
        {
            await using ServerProcess server = ShellServer.Start("sleep 1000 & echo $! >> pids; echo $$ >> pids; exit 3", scratch, output);

            ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);

            Assert.Equal(3, exit.ExitCode);
            await AssertAllGoneAsync(scratch);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task An_orphaned_descendant_is_killed_with_the_group_after_the_timeout()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        // The intermediate shell exits at once, so the sleep is re-parented away from the server: no walk of the server's
        // descendants finds it any more, but it is still in the server's process group. Everything ignores SIGTERM.
        string script = "trap '' TERM; echo $$ >> pids; sh -c 'sleep 1000 & echo $! >> pids'; mkfifo gate; echo ready; "
            + FifoGate.WaitIn("gate");
        try
        {
            await using ServerProcess server = ShellServer.Start(script, scratch, output);
            await output.WaitForAsync("ready");
            Assert.Equal(2, PidFile.Read(scratch.At("pids")).Length);

            ServerExit exit = await server.StopAsync(ServerStopSignal.Terminate, ShortStopTimeout);

            Assert.True(exit.KilledAfterTimeout);
            await AssertAllGoneAsync(scratch);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task A_stop_right_after_the_start_still_reaches_the_server()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        try
        {
            await using ServerProcess server = ShellServer.Start("trap 'exit 0' TERM; echo $$ >> pids; sleep 1000 & echo $! >> pids; wait", scratch, output);

            // No wait for the script: the launcher may not even have made its group yet.
            ServerExit exit = await server.StopAsync(ServerStopSignal.Terminate, Deadlines.UnreachedStopTimeout);

            Assert.False(exit.KilledAfterTimeout);
            await AssertAllGoneAsync(scratch);
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [UnixFact]
    public async Task Killing_the_process_that_holds_the_lifeline_kills_the_group_within_a_second()
    {
        using var scratch = new TempDirectory();
        // A stand-in for the watch: a shell that starts the launcher with stdin from a FIFO whose only writing end it
        // holds (fd 3), as the watch holds the launcher's stdin pipe. The server has a child and a grandchild.
        const string server = "echo $$ >> pids; sleep 1000 & echo $! >> pids; sh -c 'sleep 1000 & echo $! >> pids; wait' & echo ready; wait";
        string standIn = $"mkfifo lifeline; '{TestLauncher.Path}' -- /bin/sh -c \"$0\" < lifeline & echo $! >> pids; exec 3> lifeline; wait";
        var startInfo = new ProcessStartInfo("/bin/sh") { WorkingDirectory = scratch.Path, RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-c", standIn, server })
            startInfo.ArgumentList.Add(argument);
        try
        {
            using Process parent = Process.Start(startInfo)!;
            parent.StandardInput.Close();
            Task<string?> ready = parent.StandardOutput.ReadLineAsync();
            Assert.Equal("ready", await ready.WaitAsync(Deadlines.Condition));
            bool grandchildStarted = await Poll.UntilAsync(() => PidFile.Read(scratch.At("pids")).Length == 4, Deadlines.Condition);
            Assert.True(grandchildStarted, "the server's processes did not all start");
            int[] pids = PidFile.Read(scratch.At("pids"));
            Assert.DoesNotContain(pids, ProcessTable.IsGone);

            parent.Kill();
            // The second counts from the holder's end, when the kernel closes its end of the pipe.
            await parent.WaitForExitAsync().WaitAsync(Deadlines.Condition);
            var stopwatch = Stopwatch.StartNew();

            bool allGone = await Poll.UntilAsync(() => pids.All(ProcessTable.IsGone), TimeSpan.FromSeconds(1));
            Assert.True(allGone, $"Still running {stopwatch.ElapsedMilliseconds} ms after the holder's end: "
                + string.Join(", ", pids.Where(pid => !ProcessTable.IsGone(pid))));
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [LinuxFact]
    public async Task A_descendant_that_left_the_group_is_killed_when_the_lifeline_closes()
    {
        using var scratch = new TempDirectory();
        // As in the test above, but the server's child starts a session of its own (setsid; Delve's debuggee has a group
        // of its own too) and its parent exits at once: neither the group kill nor the parent chain as it was reaches it.
        const string server = """
            echo $$ >> pids
            sh -c 'setsid sh -c "echo \$\$ > detached; exec sleep 1000" < /dev/null &'
            while [ ! -s detached ]; do sleep 0.01; done
            echo ready; exec sleep 1000
            """;
        string standIn = $"mkfifo lifeline; '{TestLauncher.Path}' -- /bin/sh -c \"$0\" < lifeline & echo $! >> pids; exec 3> lifeline; wait";
        var startInfo = new ProcessStartInfo("/bin/sh") { WorkingDirectory = scratch.Path, RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-c", standIn, server })
            startInfo.ArgumentList.Add(argument);
        try
        {
            using Process parent = Process.Start(startInfo)!;
            parent.StandardInput.Close();
            Assert.Equal("ready", await parent.StandardOutput.ReadLineAsync().WaitAsync(Deadlines.Condition));
            int detached = PidFile.Read(scratch.At("detached")).Single();
            File.AppendAllText(scratch.At("pids"), detached + "\n");
            Assert.True(await Poll.UntilAsync(() => PidFile.Read(scratch.At("pids")).Length == 3, Deadlines.Condition), "the launcher's pid was not written");
            int[] pids = PidFile.Read(scratch.At("pids"));
            Assert.DoesNotContain(pids, ProcessTable.IsGone);
            Assert.Equal(detached, PosixProcessSignals.GetProcessGroup(detached)); // it left the launcher's group

            parent.Kill();
            await parent.WaitForExitAsync().WaitAsync(Deadlines.Condition);

            bool allGone = await Poll.UntilAsync(() => pids.All(ProcessTable.IsGone), TimeSpan.FromSeconds(1));
            Assert.True(allGone, "Still running after the holder's end: " + string.Join(", ", pids.Where(pid => !ProcessTable.IsGone(pid))));
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
            PidFile.KillSurvivors(scratch.At("detached"));
        }
    }

    [UnixFact]
    public async Task A_signal_ignored_by_whoever_started_the_watch_stays_ignored_in_the_server()
    {
        using var scratch = new TempDirectory();
        // nohup's way: SIGHUP ignored before the launcher starts. The launcher must not hand the server a default action.
        string script = $"trap '' HUP; exec '{TestLauncher.Path}' -- /bin/sh -c 'kill -HUP $$; echo survived'";
        var startInfo = new ProcessStartInfo("/bin/sh") { WorkingDirectory = scratch.Path, RedirectStandardInput = true, RedirectStandardOutput = true };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);
        using Process process = Process.Start(startInfo)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(Deadlines.Condition);

        Assert.Equal("survived", (await output).Trim());
        Assert.Equal(0, process.ExitCode);
    }

    [UnixTheory]
    [InlineData("no-such-program", 127)]
    [InlineData("not-executable", 126)]
    public async Task The_launcher_reports_a_program_it_cannot_start_with_the_shells_exit_codes(string program, int expectedExitCode)
    {
        using var scratch = new TempDirectory();
        File.WriteAllText(scratch.At("not-executable"), "#!/bin/sh\n");
        var startInfo = new ProcessStartInfo(TestLauncher.Path) { WorkingDirectory = scratch.Path, RedirectStandardInput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add("--");
        startInfo.ArgumentList.Add(scratch.At(program));
        using Process launcher = Process.Start(startInfo)!;
        Task<string> errors = launcher.StandardError.ReadToEndAsync();

        await launcher.WaitForExitAsync().WaitAsync(Deadlines.Condition);

        Assert.Equal(expectedExitCode, launcher.ExitCode);
        Assert.Contains($"kickstart-launcher: cannot start {scratch.At(program)}", await errors);
    }

    private static async Task AssertAllGoneAsync(TempDirectory scratch)
    {
        int[] pids = PidFile.Read(scratch.At("pids"));
        bool allGone = await Poll.UntilAsync(() => pids.All(ProcessTable.IsGone), Deadlines.Condition);
        Assert.True(allGone, "Still running: " + string.Join(", ", pids.Where(pid => !ProcessTable.IsGone(pid))));
    }
}
