using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Kickstart.TestSupport;

/// <summary>One live process as /proc/PID/stat describes it: its session id, its name (comm), its CPU time so far.</summary>
public sealed record ProcessEntry(int Pid, int Session, string Command, long CpuTicks)
{
    /// <summary>The (pid, command) pair most checks need: <c>foreach (var (pid, command) in ProcessTable.LiveInSession(s))</c>.</summary>
    public void Deconstruct(out int pid, out string command)
    {
        pid = Pid;
        command = Command;
    }
}

/// <summary>
/// Asks the OS which processes live, and signals the ones a test or the benchmark started (never any other). The
/// end-to-end tests start `dotnet build -t:Watch` in a session of its own (setsid), so every process it ever started —
/// the build, MSBuild nodes, go, the servers, and any orphan — carries that session id, and none may be left at the end.
/// </summary>
public static class ProcessTable
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    /// <summary>Linux's number (the tests that stop a process read /proc, so they run on Linux).</summary>
    public const int SIGSTOP = 19;

    /// <summary>"No such process" (the same number on Linux and macOS).</summary>
    private const int ESRCH = 3;

    public static void Signal(int pid, int signal) => kill(pid, signal);

    /// <summary>
    /// True when the PID no longer runs. A zombie counts as gone: it is dead and only waits for its parent (init, for
    /// the orphans a tree kill leaves) to reap it, which some container init processes never do.
    /// </summary>
    public static bool IsGone(int pid)
    {
        if (kill(pid, 0) != 0)
            return Marshal.GetLastPInvokeError() == ESRCH;
        return IsZombie(pid);
    }

    public static bool IsAlive(int pid) => !IsGone(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string afterName = stat.Substring(stat.LastIndexOf(')') + 1).TrimStart();
            return afterName.StartsWith('Z') || afterName.StartsWith('X');
        }
        catch (IOException)
        {
            return false; // No /proc (macOS) or a race with the reaper; kill(pid, 0) decides next time.
        }
    }

    /// <summary>Every live (not zombie) process (Linux: read from /proc).</summary>
    public static List<ProcessEntry> All()
    {
        var found = new List<ProcessEntry>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && Read(pid) is { } entry)
                found.Add(entry);
        }
        return found;
    }

    /// <summary>The process, or null when it is gone or a zombie.</summary>
    public static ProcessEntry? Read(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // "pid (comm) state ppid pgrp session ... utime stime ..." — comm may hold spaces and parentheses, so parse
        // after the last ')': [0]=state [1]=ppid [2]=pgrp [3]=session ... [11]=utime [12]=stime.
        int open = stat.IndexOf('(');
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < 0)
            return null;
        string[] fields = stat.Substring(close + 2).Split(' ');
        if (fields[0] == "Z" || fields[0] == "X")
            return null;
        if (!int.TryParse(fields[3], out int session) || !long.TryParse(fields[11], out long utime) || !long.TryParse(fields[12], out long stime))
            return null;
        return new ProcessEntry(pid, session, stat.Substring(open + 1, close - open - 1), utime + stime);
    }

    /// <summary>The process's command line (empty when it is gone).</summary>
    public static string[] CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (IOException) { return Array.Empty<string>(); }
        catch (UnauthorizedAccessException) { return Array.Empty<string>(); }
    }

    /// <summary>The process's parent (-1 when it is gone).</summary>
    public static int ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return int.TryParse(fields[1], out int ppid) ? ppid : -1;
        }
        catch (IOException) { return -1; }
        catch (UnauthorizedAccessException) { return -1; }
    }

    /// <summary>Processes (not zombies) whose session id is <paramref name="sessionId"/>.</summary>
    public static List<ProcessEntry> LiveInSession(int sessionId) => All().FindAll(p => p.Session == sessionId);

    /// <summary>SIGKILL to whatever of the session is still there (only sessions the caller created).</summary>
    public static void KillSession(int sessionId)
    {
        foreach (var (pid, _) in LiveInSession(sessionId))
            kill(pid, SIGKILL);
    }
}
