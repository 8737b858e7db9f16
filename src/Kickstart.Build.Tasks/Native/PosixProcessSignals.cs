using System.Runtime.InteropServices;

namespace Kickstart.Build.Tasks.Native;

/// <summary>
/// kill(2), getpgid(2) and the few signal numbers the supervisor sends. Linux, macOS and the BSDs share these numbers
/// (they predate the divergence of the Unix families), so one declaration serves every POSIX host.
/// </summary>
internal static partial class PosixProcessSignals
{
    internal const int SIGINT = 2;
    internal const int SIGKILL = 9;
    internal const int SIGTERM = 15;

    /// <summary>errno "no such process" (3 on Linux, macOS and the BSDs).</summary>
    internal const int ESRCH = 3;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; 0 on success, -1 with errno set otherwise.
    /// Signal 0 sends nothing and only checks that the process exists. A negative pid names a whole process group.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    /// <summary>The process group of <paramref name="pid"/>; -1 with errno set when there is no such process.</summary>
    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    internal static partial int GetProcessGroup(int pid);
}
