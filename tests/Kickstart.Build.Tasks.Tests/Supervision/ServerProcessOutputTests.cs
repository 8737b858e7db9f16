using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class ServerProcessOutputTests
{
    [UnixFact]
    public async Task Lines_arrive_live_and_in_order()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        string script = $"mkfifo gate1 gate2; echo one; {FifoGate.WaitIn("gate1")}; echo two; {FifoGate.WaitIn("gate2")}; echo three";
        await using ServerProcess server = ShellServer.Start(script, scratch, output);

        // The script cannot print "two" before the test opens gate1, so seeing "one" alone proves live delivery.
        await output.WaitForAsync("one");
        Assert.Equal(new[] { "one" }, output.Texts(isError: false));

        await FifoGate.ReleaseAsync(scratch.At("gate1"));
        await output.WaitForAsync("two");
        Assert.Equal(new[] { "one", "two" }, output.Texts(isError: false));

        await FifoGate.ReleaseAsync(scratch.At("gate2"));
        ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal(new[] { "one", "two", "three" }, output.Texts(isError: false));
    }

    [UnixFact]
    public async Task Standard_error_lines_are_flagged_as_errors()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start("echo out1; echo err1 >&2; echo out2; echo err2 >&2", scratch, output);

        await server.Exited.WaitAsync(Deadlines.Condition);

        Assert.Equal(new[] { "out1", "out2" }, output.Texts(isError: false));
        Assert.Equal(new[] { "err1", "err2" }, output.Texts(isError: true));
    }

    [UnixFact]
    public async Task Exited_completes_only_after_all_output_was_delivered()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        string script = "i=0; while [ $i -lt 3000 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done";
        await using ServerProcess server = ShellServer.Start(script, scratch, output);

        await server.Exited.WaitAsync(Deadlines.Condition);

        IReadOnlyList<string> standardOutput = output.Texts(isError: false);
        IReadOnlyList<string> standardError = output.Texts(isError: true);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"out{i}"), standardOutput);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"err{i}"), standardError);
    }

    [UnixFact]
    public async Task Output_is_decoded_as_utf8_and_a_final_unterminated_line_is_kept()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start(@"printf 'h\303\251llo\r\n'; printf 'partial'", scratch, output);

        await server.Exited.WaitAsync(Deadlines.Condition);

        Assert.Equal(new[] { "h\u00e9llo", "partial" }, output.Texts(isError: false));
    }

    [UnixFact]
    public async Task Standard_input_is_closed_rather_than_inherited()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start("if read line; then echo got-input; else echo eof; fi", scratch, output);

        await server.Exited.WaitAsync(Deadlines.Condition);

        Assert.Equal(new[] { "eof" }, output.Texts(isError: false));
    }

    [UnixFact]
    public async Task Arguments_reach_the_program_verbatim_without_a_shell()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        var info = new ServerStartInfo
        {
            FileName = "/bin/sh",
            Arguments = new[] { "-c", "printf '%s\\n' \"$@\"", "sh", "a b", "c'd", "$HOME", "*" },
            WorkingDirectory = scratch.Path,
            Launcher = TestLauncher.Path,
        };
        await using ServerProcess server = ServerProcess.Start(info, output.Record);

        await server.Exited.WaitAsync(Deadlines.Condition);

        Assert.Equal(new[] { "a b", "c'd", "$HOME", "*" }, output.Texts(isError: false));
    }

    [UnixFact]
    public async Task Environment_adds_overrides_and_removes_variables_over_the_inherited_ones()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        Environment.SetEnvironmentVariable("KICKSTART_SUPERVISION_INHERITED", "inherited");
        Environment.SetEnvironmentVariable("KICKSTART_SUPERVISION_OVERRIDDEN", "original");
        Environment.SetEnvironmentVariable("KICKSTART_SUPERVISION_REMOVED", "still-there");
        var environment = new Dictionary<string, string?>
        {
            ["KICKSTART_SUPERVISION_ADDED"] = "added",
            ["KICKSTART_SUPERVISION_OVERRIDDEN"] = "overridden",
            ["KICKSTART_SUPERVISION_REMOVED"] = null,
        };
        string script = "echo $KICKSTART_SUPERVISION_INHERITED; echo $KICKSTART_SUPERVISION_ADDED; "
            + "echo $KICKSTART_SUPERVISION_OVERRIDDEN; echo ${KICKSTART_SUPERVISION_REMOVED-removed}";
        await using ServerProcess server = ShellServer.Start(script, scratch, output, environment);

        await server.Exited.WaitAsync(Deadlines.Condition);

        Assert.Equal(new[] { "inherited", "added", "overridden", "removed" }, output.Texts(isError: false));
    }

    [UnixFact]
    public async Task The_server_runs_in_the_working_directory()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start("pwd -P", scratch, output);

        await server.Exited.WaitAsync(Deadlines.Condition);

        string expected = new System.IO.DirectoryInfo(scratch.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? scratch.Path;
        Assert.Equal(new[] { expected }, output.Texts(isError: false));
    }

    [UnixFact]
    public void Starting_a_missing_program_throws()
    {
        using var scratch = new TempDirectory();
        var info = new ServerStartInfo { FileName = scratch.At("no-such-server"), WorkingDirectory = scratch.Path, Launcher = TestLauncher.Path };

        Assert.Throws<Win32Exception>(() => ServerProcess.Start(info, _ => { }));
    }

    [UnixFact]
    public async Task Exited_completes_when_the_server_exits_by_itself()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start($"mkfifo gate; echo waiting; {FifoGate.WaitIn("gate")}; echo bye", scratch, output);

        await output.WaitForAsync("waiting");
        Assert.False(server.Exited.IsCompleted);
        Assert.False(server.HasExited);

        await FifoGate.ReleaseAsync(scratch.At("gate"));
        ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);

        Assert.True(server.HasExited);
        Assert.Equal(new ServerExit(0, null, false, TimeSpan.Zero), exit);
        Assert.Equal(new[] { "waiting", "bye" }, output.Texts(isError: false));
    }

    [UnixFact]
    public async Task A_throwing_output_callback_does_not_stop_the_draining()
    {
        using var scratch = new TempDirectory();
        var info = new ServerStartInfo
        {
            FileName = "/bin/sh",
            // Far more than a pipe buffer holds: the server would block forever if draining had stopped.
            Arguments = new[] { "-c", "i=0; while [ $i -lt 20000 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done" },
            WorkingDirectory = scratch.Path,
            Launcher = TestLauncher.Path,
        };
        var failure = new InvalidOperationException("logger is gone");
        int calls = 0;
        await using ServerProcess server = ServerProcess.Start(info, _ =>
        {
            calls++;
            throw failure;
        });

        ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);

        Assert.Equal(0, exit.ExitCode);
        Assert.Same(failure, server.OutputCallbackFailure);
        Assert.Equal(1, calls);
    }

    [UnixFact]
    public async Task A_descendant_left_holding_the_output_does_not_hold_up_Exited()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        try
        {
            // The background sleep inherits stdout and outlives the shell, so the pipe never reaches end-of-file.
            await using ServerProcess server = ShellServer.Start("sleep 1000 & echo $! >> pids; echo started", scratch, output);

            ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);

            Assert.Equal(0, exit.ExitCode);
            Assert.Equal(new[] { "started" }, output.Texts(isError: false));
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }
}
