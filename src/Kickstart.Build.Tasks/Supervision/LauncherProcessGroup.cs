using System;
using System.Diagnostics;
using System.Threading;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// The Unix process group of a server started through Kickstart's launcher (src/Kickstart.Sdk/launcher): the launcher
/// makes itself the leader of a new group, so the group's id is the pid .NET knows, and starts the server in it.
/// Signals go to the whole group; the kill is SIGKILL to the whole group. The launcher's stdin stays open as the
/// lifeline: when this process ends, however it ends, the pipe closes and the launcher kills the group.
/// </summary>
/// <remarks>
/// .NET's Process cannot do any of this itself: it can neither set a child's process group nor run code between fork
/// and exec (where setpgid or PR_SET_PDEATHSIG would have to happen), hence the launcher.
/// </remarks>
internal sealed class LauncherProcessGroup : IProcessGroup
{
    /// <summary>How long a signal waits for a launcher that has just started to have made its group (it takes well
    /// under a millisecond; the bound only matters for a launcher that is somehow stuck).</summary>
    private static readonly TimeSpan GroupFormationDeadline = TimeSpan.FromSeconds(2);

    /// <summary>How long a kill waits for the launcher to do it (it scans /proc and exits within milliseconds) before
    /// the group is killed from here.</summary>
    private static readonly TimeSpan LauncherKillDeadline = TimeSpan.FromSeconds(2);

    private readonly Process _launcher;
    private volatile bool _serverStarted;

    internal LauncherProcessGroup(Process launcher)
    {
        _launcher = launcher;
        Id = launcher.Id;
    }

    /// <summary>The process group's id: the launcher's pid.</summary>
    public int Id { get; }

    public bool TrySignal(ServerStopSignal signal)
    {
        if (signal == ServerStopSignal.Kill)
        {
            Kill();
            return true;
        }

        int number = signal switch
        {
            ServerStopSignal.Terminate => PosixProcessSignals.SIGTERM,
            ServerStopSignal.Interrupt => PosixProcessSignals.SIGINT,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown stop signal."),
        };

        // Before the group exists there is no server yet, and a signal to the launcher alone would be lost on it.
        return WaitUntilServerStarted() && PosixProcessSignals.Kill(-Id, number) == 0;
    }

    public void Kill()
    {
        // The launcher kills best: on the lifeline's end it kills its descendants that left the group too (a server's
        // setsid child, Delve's debuggee; it is their subreaper), then the group. A SIGKILL of the group from here would
        // end the launcher with it before it could. The group kill below stays the backstop for a launcher that is stuck.
        if (CloseLifeline() && WaitForLauncherExit(LauncherKillDeadline))
        {
            return;
        }

        if (PosixProcessSignals.Kill(-Id, PosixProcessSignals.SIGKILL) == 0)
        {
            return;
        }

        // No group yet: the launcher has not started the server (it makes the group first), so killing it is enough.
        // After its exit the pid may already name another process: never signal it then.
        if (!LauncherExited())
        {
            PosixProcessSignals.Kill(Id, PosixProcessSignals.SIGKILL);
        }
    }

    public void Dispose()
    {
        // Nothing of its own to release: the lifeline is the launcher's stdin, which goes with the Process.
    }

    /// <summary>Until the launcher has made its group and forked the server in it (once seen, never asked again).</summary>
    private bool WaitUntilServerStarted() => _serverStarted || WaitUntil(() => _serverStarted =
        PosixProcessSignals.GetProcessGroup(Id) == Id && LauncherHasStartedTheServer(), giveUpWhenTheLauncherExits: true, GroupFormationDeadline);

    private bool WaitForLauncherExit(TimeSpan deadline) => WaitUntil(LauncherExited, giveUpWhenTheLauncherExits: false, deadline);

    // The launcher's steps take well under a millisecond, so a 1 ms poll bounded by a deadline is all the waiting needs.
    private bool WaitUntil(Func<bool> condition, bool giveUpWhenTheLauncherExits, TimeSpan deadline)
    {
        long started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if ((giveUpWhenTheLauncherExits && LauncherExited()) || Stopwatch.GetElapsedTime(started) > deadline)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }

    /// <summary>
    /// True once the launcher has forked the server. A stop signal that reaches the group before that reaches only the
    /// launcher, which passes on what it caught before the fork through Go's signal channel, asynchronously: under load
    /// such a signal could come out of the channel after the launcher had looked, and be lost. Once the server exists
    /// the kernel delivers the group's signal to it directly (held until the child has reset its handlers, if it has
    /// not yet exec'ed). Linux tells through /proc (each thread's children); elsewhere this does not wait.
    /// </summary>
    private bool LauncherHasStartedTheServer()
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        try
        {
            foreach (string task in System.IO.Directory.EnumerateDirectories($"/proc/{Id}/task"))
            {
                if (System.IO.File.ReadAllText(System.IO.Path.Combine(task, "children")).Trim().Length > 0)
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            // No such file (a kernel without CONFIG_PROC_CHILDREN), or the launcher is gone: nothing to wait for.
            return true;
        }
    }

    private bool CloseLifeline()
    {
        if (LauncherExited())
        {
            return false;
        }

        try
        {
            _launcher.StandardInput.Close();
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.IO.IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    private bool LauncherExited()
    {
        try
        {
            return _launcher.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Starts programs through the launcher.</summary>
    internal sealed class Starter : IProcessGroupStarter
    {
        private readonly string _launcher;

        internal Starter(string launcher) => _launcher = launcher;

        public void Prepare(ProcessStartInfo startInfo, string program)
        {
            // kickstart-launcher -- <program> [arguments...]: the program gets the arguments exactly as they were given.
            startInfo.FileName = _launcher;
            startInfo.ArgumentList.Insert(0, "--");
            startInfo.ArgumentList.Insert(1, program);
            startInfo.RedirectStandardInput = true;
        }

        public IProcessGroup Adopt(Process process)
        {
            // The launcher's stdin is its lifeline and stays open; the server itself gets /dev/null from the launcher.
            return new LauncherProcessGroup(process);
        }
    }
}
