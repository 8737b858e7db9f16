using System;
using System.Diagnostics;
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
    public void GetProcessGroup_reports_our_group_and_a_missing_process()
    {
        Assert.True(PosixProcessSignals.GetProcessGroup(Environment.ProcessId) > 0);

        Assert.Equal(-1, PosixProcessSignals.GetProcessGroup(int.MaxValue));
        Assert.Equal(PosixProcessSignals.ESRCH, Marshal.GetLastPInvokeError());
    }

    [UnixFact]
    public async Task The_launcher_group_reports_failure_to_signal_once_it_is_gone()
    {
        using var scratch = new TempDirectory();
        var startInfo = new ProcessStartInfo(TestLauncher.Path) { RedirectStandardInput = true, WorkingDirectory = scratch.Path };
        foreach (string argument in new[] { "--", "/bin/sh", "-c", "exit 0" })
            startInfo.ArgumentList.Add(argument);
        using Process launcher = Process.Start(startInfo)!;
        var group = new LauncherProcessGroup(launcher);
        await launcher.WaitForExitAsync().WaitAsync(Deadlines.Condition);

        Assert.False(group.TrySignal(ServerStopSignal.Terminate));
        group.Kill();
    }

    [Fact]
    public void The_job_object_never_signals_so_the_caller_kills_the_job()
    {
        using Process self = Process.GetCurrentProcess();
        using var group = new JobObjectProcessGroup(self, job: null);

        Assert.False(group.TrySignal(ServerStopSignal.Terminate));
    }
}
