using System;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Native;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class PosixProcessSignalsTests
{
    [Fact]
    public void Signal_numbers_are_the_ones_every_posix_system_uses()
    {
        // SIGINT 2, SIGKILL 9 and SIGTERM 15 are the same on Linux, macOS and the BSDs (and ESRCH is 3 on all of
        // them), which is why one native declaration serves every POSIX host. Numbers that do differ (SIGBUS,
        // SIGUSR1...) are deliberately absent.
        Assert.Equal(2, PosixProcessSignals.SIGINT);
        Assert.Equal(9, PosixProcessSignals.SIGKILL);
        Assert.Equal(15, PosixProcessSignals.SIGTERM);
        Assert.Equal(3, PosixProcessSignals.ESRCH);
    }

    [UnixFact]
    public void Kill_with_signal_zero_finds_a_live_process_and_reports_a_missing_one()
    {
        Assert.Equal(0, PosixProcessSignals.Kill(Environment.ProcessId, 0));

        Assert.Equal(-1, PosixProcessSignals.Kill(int.MaxValue, 0));
        Assert.Equal(PosixProcessSignals.ESRCH, Marshal.GetLastPInvokeError());
    }

    [UnixFact]
    public async Task The_posix_signaller_reports_failure_for_a_process_that_is_gone()
    {
        using var scratch = new ScratchDirectory();
        int pid;
        await using (ServerProcess server = ShellServer.Start("exit 0", scratch, new OutputRecorder()))
        {
            await server.Exited.WaitAsync(Deadlines.Condition);
            pid = server.Id;
        }

        Assert.False(new PosixProcessSignaller().TrySend(pid, StopSignal.Terminate));
    }

    [Fact]
    public void The_windows_signaller_never_signals_so_the_caller_kills_the_tree()
    {
        Assert.False(new WindowsProcessSignaller().TrySend(Environment.ProcessId, StopSignal.Terminate));
    }
}
