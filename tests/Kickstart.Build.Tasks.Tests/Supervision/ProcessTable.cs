using System.IO;
using System.Runtime.InteropServices;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>Asks the OS whether a PID still names a live process.</summary>
internal static class ProcessTable
{
    /// <summary>
    /// True when the PID no longer runs. A zombie counts as gone: it is dead and only waits for its parent (init, for
    /// the orphans a tree kill leaves) to reap it, which some container init processes never do.
    /// </summary>
    internal static bool IsGone(int pid)
    {
        if (PosixProcessSignals.Kill(pid, 0) != 0)
        {
            return Marshal.GetLastPInvokeError() == PosixProcessSignals.ESRCH;
        }

        return IsZombie(pid);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            // /proc/<pid>/stat is "pid (comm) state ..."; comm may contain spaces and parentheses, so split at the last ')'.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string afterName = stat.Substring(stat.LastIndexOf(')') + 1).TrimStart();
            return afterName.StartsWith('Z') || afterName.StartsWith('X');
        }
        catch (IOException)
        {
            return false; // No /proc (macOS) or a race with the reaper; kill(pid, 0) decides next time.
        }
    }
}
