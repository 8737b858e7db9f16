using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Kickstart.Benchmarks;

/// <summary>/proc, signals and child processes. Only PIDs and sessions this program started are ever signalled.</summary>
internal static class Procs
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr signal(int signum, IntPtr handler);

    public static void Signal(int pid, int signal) => kill(pid, signal);

    /// <summary>Whether <paramref name="pid"/> ignores SIGINT (SigIgn in /proc/PID/status).</summary>
    public static bool IgnoresSigint(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                    return (Convert.ToUInt64(line.Substring(7).Trim(), 16) & (1UL << (SIGINT - 1))) != 0;
            }
        }
        catch (IOException) { }
        return false;
    }

    /// <summary>
    /// A process started in the background by a non-interactive shell (`cmd &`) ignores SIGINT, and every child inherits
    /// that: the watch would never see Ctrl+C. Put SIGINT back to its default so the watches this program starts get it.
    /// </summary>
    public static bool ResetInheritedSigintIgnore()
    {
        if (!IgnoresSigint(Environment.ProcessId))
            return false;
        signal(SIGINT, IntPtr.Zero); // SIG_DFL
        return true;
    }

    public sealed record ProcInfo(int Pid, int Session, string Command, long CpuTicks);

    /// <summary>Every live (non-zombie) process: pid, session, comm, utime+stime in clock ticks.</summary>
    public static List<ProcInfo> All()
    {
        var found = new List<ProcInfo>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            ProcInfo? p = Read(pid);
            if (p is not null)
                found.Add(p);
        }
        return found;
    }

    public static ProcInfo? Read(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        int open = stat.IndexOf('(');
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < 0) return null;
        string[] f = stat.Substring(close + 2).Split(' ');
        // after "pid (comm) ": [0]=state [1]=ppid [2]=pgrp [3]=session ... [11]=utime [12]=stime
        if (f[0] == "Z" || f[0] == "X")
            return null;
        return new ProcInfo(pid, int.Parse(f[3]), stat.Substring(open + 1, close - open - 1), long.Parse(f[11]) + long.Parse(f[12]));
    }

    public static List<ProcInfo> LiveInSession(int session) => All().FindAll(p => p.Session == session);

    public static bool IsAlive(int pid) => Read(pid) is not null;

    /// <summary>SIGKILL to whatever of the session is still there (only sessions this program created).</summary>
    public static void KillSession(int session)
    {
        foreach (ProcInfo p in LiveInSession(session))
            kill(p.Pid, SIGKILL);
    }

    public static bool WaitUntil(Func<bool> condition, TimeSpan deadline, int intervalMs = 20)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(intervalMs);
        }
        return condition();
    }

    public sealed record RunResult(int ExitCode, string Output, double ElapsedMs);

    /// <summary>Runs a process to completion, output collected, elapsed wall time from just before start to exit.</summary>
    public static RunResult Run(ProcessStartInfo psi, TimeSpan? timeout = null)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        long start = Stopwatch.GetTimestamp();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)(timeout ?? TimeSpan.FromMinutes(5)).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish in time:\n{output}");
        }
        double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        process.WaitForExit();
        lock (output)
            return new RunResult(process.ExitCode, output.ToString(), elapsed);
    }
}
