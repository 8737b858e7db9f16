using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// Reads /proc to answer "is anything of this session still running?". A test starts `dotnet build -t:Watch` in a
/// session of its own (setsid), so every process it ever started — the build, MSBuild nodes, go, the servers, and
/// any orphan — carries that session id, and none may be left when the test ends.
/// </summary>
internal static class ProcessTable
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    /// <summary>Linux's number (these tests read /proc, so they run on Linux).</summary>
    public const int SIGSTOP = 19;

    public static void Signal(int pid, int signal) => kill(pid, signal);

    /// <summary>Processes (not zombies) whose session id is <paramref name="sessionId"/>.</summary>
    public static List<(int Pid, string Command)> LiveInSession(int sessionId)
    {
        var found = new List<(int, string)>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // pid (comm) state ppid pgrp session ... — comm may hold spaces, so parse after the last ')'.
            int close = stat.LastIndexOf(')');
            string[] fields = stat.Substring(close + 2).Split(' ');
            if (fields[0] == "Z" || fields[0] == "X")
                continue;
            if (int.TryParse(fields[3], out int session) && session == sessionId)
                found.Add((pid, stat.Substring(stat.IndexOf('(') + 1, close - stat.IndexOf('(') - 1)));
        }
        return found;
    }

    public static void KillSession(int sessionId)
    {
        foreach (var (pid, _) in LiveInSession(sessionId))
            kill(pid, SIGKILL);
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string state = stat.Substring(stat.LastIndexOf(')') + 2, 1);
            return state != "Z" && state != "X";
        }
        catch (IOException) { return false; }
    }
}
