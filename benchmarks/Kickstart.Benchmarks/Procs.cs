using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks;

/// <summary>Child processes run to completion, and this program's own SIGINT disposition (the process table itself: <see cref="ProcessTable"/>).</summary>
internal static class Procs
{
    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr signal(int signum, IntPtr handler);

    /// <summary>Whether <paramref name="pid"/> ignores SIGINT (SigIgn in /proc/PID/status).</summary>
    public static bool IgnoresSigint(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                    return (Convert.ToUInt64(line.Substring(7).Trim(), 16) & (1UL << (ProcessTable.SIGINT - 1))) != 0;
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
        signal(ProcessTable.SIGINT, IntPtr.Zero); // SIG_DFL
        return true;
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
