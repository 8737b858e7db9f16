using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>The PIDs a script appended to a file with <c>echo $$ &gt;&gt; pids</c> / <c>echo $! &gt;&gt; pids</c>.</summary>
internal static class PidFile
{
    internal static int[] Read(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Where(line => line.Length > 0).Select(int.Parse).ToArray()
            : System.Array.Empty<int>();

    /// <summary>Cleanup for a failed test: whatever the supervisor missed must not outlive the test run.</summary>
    internal static void KillSurvivors(string path)
    {
        foreach (int pid in Read(path))
        {
            if (!ProcessTable.IsGone(pid))
            {
                PosixProcessSignals.Kill(pid, PosixProcessSignals.SIGKILL);
            }
        }
    }
}
