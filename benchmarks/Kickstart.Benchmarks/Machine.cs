using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks;

/// <summary>What the figures were measured on, and how busy the rest of the machine was meanwhile.</summary>
internal static class Machine
{
    [DllImport("libc")]
    private static extern long sysconf(int name);

    private const int _SC_CLK_TCK = 2;

    public static long ClockTicksPerSecond { get; } = Math.Max(1, sysconf(_SC_CLK_TCK));

    public static string CpuModel =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    public static string Memory
    {
        get
        {
            string? line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is null) return "unknown";
            long kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            return $"{kb / 1024.0 / 1024.0:0.0} GiB";
        }
    }

    public static string Os =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "Linux"
            : RuntimeInformation.OSDescription;

    public static string Kernel => File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";

    public static string LoadAverage => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    public static string InotifyMaxUserWatches => File.Exists("/proc/sys/fs/inotify/max_user_watches") ? File.ReadAllText("/proc/sys/fs/inotify/max_user_watches").Trim() : "";

    public static string Command(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file);
            foreach (string a in args) psi.ArgumentList.Add(a);
            return Procs.Run(psi, TimeSpan.FromSeconds(60)).Output.Trim();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return "unknown";
        }
    }
}

/// <summary>
/// CPU used by processes that are not this benchmark's (not in its own session, not in a watch session it started),
/// between marks: other engineers' tests on the same 2 cores show up here. Processes that start and end between two
/// marks are missed, so this is a lower bound.
/// </summary>
internal sealed class Interference
{
    private readonly int _ownSession;
    private readonly HashSet<int> _ourSessions = new();
    private Dictionary<int, (long Ticks, string Command)> _last;
    private long _lastTs;

    public Interference()
    {
        _ownSession = ProcessTable.Read(Environment.ProcessId)?.Session ?? -1;
        _last = Snapshot();
        _lastTs = Stopwatch.GetTimestamp();
    }

    public List<(string Phase, double CpuPercent, string Top)> Phases { get; } = new();

    public void AddOurSession(int session) => _ourSessions.Add(session);

    private Dictionary<int, (long, string)> Snapshot() =>
        ProcessTable.All().Where(p => p.Session != _ownSession && !_ourSessions.Contains(p.Session) && p.Pid != Environment.ProcessId)
            .ToDictionary(p => p.Pid, p => (p.CpuTicks, p.Command));

    /// <summary>Foreign CPU (% of one core) since the previous mark, attributed to <paramref name="phase"/>.</summary>
    public void Mark(string phase)
    {
        var now = Snapshot();
        long ts = Stopwatch.GetTimestamp();
        double seconds = Stopwatch.GetElapsedTime(_lastTs, ts).TotalSeconds;
        var deltas = new Dictionary<string, long>();
        long total = 0;
        foreach (var (pid, (ticks, command)) in now)
        {
            if (_ourSessions.Contains(pid)) continue;
            long d = _last.TryGetValue(pid, out var before) ? ticks - before.Ticks : ticks;
            if (d <= 0) continue;
            total += d;
            deltas[command] = deltas.GetValueOrDefault(command) + d;
        }
        double percent = seconds > 0 ? total / (double)Machine.ClockTicksPerSecond / seconds * 100 : 0;
        string top = string.Join(", ", deltas.OrderByDescending(kv => kv.Value).Take(3)
            .Select(kv => $"{kv.Key} {kv.Value / (double)Machine.ClockTicksPerSecond:0.0}s"));
        Phases.Add((phase, percent, top));
        _last = now;
        _lastTs = ts;
    }
}
