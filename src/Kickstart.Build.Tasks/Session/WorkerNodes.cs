using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// Passes a stop on to this build's MSBuild worker nodes. A solution of services is watched on several nodes, and each
/// node's watches stop on their own SIGINT; a terminal's Ctrl+C reaches every process of the build, but a signal sent
/// to the build process alone (a script's `kill -INT`, SIGTERM, SIGHUP) would stop only the services watched in it —
/// and MSBuild's own cancellation, which would have reached the others, is held back while the watch runs.
/// SIGINT is what they get, as from a terminal: a node that runs no watch treats it as MSBuild's cancellation of
/// nothing, whereas SIGTERM or SIGHUP would end it. Linux only (it finds the nodes in /proc).
/// </summary>
internal static class WorkerNodes
{
    public static void Interrupt()
    {
        if (!Directory.Exists("/proc"))
            return;
        int self = Environment.ProcessId;
        foreach (string entry in SafeDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == self)
                continue;
            try
            {
                if (ParentOf(File.ReadAllText(Path.Combine(entry, "stat"))) != self)
                    continue;
                if (IsWorkerNode(File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0')))
                    PosixProcessSignals.Kill(pid, PosixProcessSignals.SIGINT);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours to read
            }
        }
    }

    /// <summary>The parent pid from /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold spaces and parentheses).</summary>
    internal static int ParentOf(string stat)
    {
        int close = stat.LastIndexOf(')');
        if (close < 0)
            return -1;
        string[] fields = stat.Substring(close + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid) ? ppid : -1;
    }

    /// <summary>An MSBuild node of this build: MSBuild.dll started with /nodemode:1 (not a task host or a server).</summary>
    internal static bool IsWorkerNode(IReadOnlyList<string> commandLine) =>
        commandLine.Any(a => a.EndsWith("MSBuild.dll", StringComparison.OrdinalIgnoreCase))
        && commandLine.Any(a => a.Equals("/nodemode:1", StringComparison.OrdinalIgnoreCase) || a.Equals("-nodemode:1", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> SafeDirectories(string path)
    {
        try { return Directory.GetDirectories(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Array.Empty<string>(); }
    }
}
