using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>
/// What every measurement shares: the repetition count, the workspace, the interference marks, and the books on
/// everything started (watch sessions, servers) so that the end of the run can check nothing is left. Notes and leaks
/// found while measuring land here and are reported after the figures.
/// </summary>
internal sealed class BenchmarkContext
{
    private readonly Random _random = new();
    private readonly List<int> _startedPids = new();

    public BenchmarkContext(int n, Workspace workspace, Interference interference, List<string> notes, List<string> leaks, IReadOnlyList<string>? watchProperties = null, IReadOnlyList<string>? watchEnvironment = null)
    {
        N = n;
        WatchProperties = watchProperties ?? Array.Empty<string>();
        WatchEnvironment = watchEnvironment ?? Array.Empty<string>();
        Workspace = workspace;
        Interference = interference;
        Notes = notes;
        Leaks = leaks;
    }

    public int N { get; }
    public Workspace Workspace { get; }
    public Interference Interference { get; }
    public List<string> Notes { get; }
    public List<string> Leaks { get; }
    public List<int> Sessions { get; } = new();
    /// <summary>`Name=Value` pairs (`--property`) every watch gets as `-p:Name=Value`.</summary>
    public IReadOnlyList<string> WatchProperties { get; }
    /// <summary>`NAME=value` pairs (`--env`) set in every watch's environment.</summary>
    public IReadOnlyList<string> WatchEnvironment { get; }

    public IReadOnlyList<int> StartedPids
    {
        get { lock (_startedPids) return _startedPids.ToList(); }
    }

    public static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>A greeting no earlier save used, so that serving it proves the new binary runs.</summary>
    public string Unique(string prefix) => $"{prefix}-{_random.Next(100000, 999999)}";

    public void AddStartedPid(int pid)
    {
        lock (_startedPids) _startedPids.Add(pid);
    }

    public Procs.RunResult DotnetBuild(bool recordGo, string what)
    {
        var r = Procs.Run(Workspace.Dotnet(new[] { "build", Workspace.ProjectPath, "-tl:off", "-nologo" }, recordGo));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{what}: dotnet build failed:\n{r.Output}");
        return r;
    }

    /// <summary>Runs a process that must succeed (a `go build` of a generated module, say); throws with its output if not.</summary>
    public static Procs.RunResult MustRun(ProcessStartInfo psi, string what)
    {
        var r = Procs.Run(psi);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed:\n{r.Output}");
        return r;
    }

    public Procs.RunResult GoBuild(bool omitDebugInfo)
    {
        var r = Procs.Run(Workspace.GoBuild(omitDebugInfo));
        if (r.ExitCode != 0)
            throw new InvalidOperationException("go build failed:\n" + r.Output);
        return r;
    }

    /// <summary>Starts a binary with PORT, polls GET /api/status every ~1 ms until a 200 with the text; stops it.</summary>
    public double ExecToFirstResponse(string binary, string? text, long? startedAt = null, string? workingDirectory = null)
    {
        int port = FreePort.Find();
        var psi = new ProcessStartInfo(binary) { WorkingDirectory = workingDirectory ?? Workspace.AppDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PORT"] = port.ToString();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        long t0 = startedAt ?? Stopwatch.GetTimestamp();
        process.Start();
        AddStartedPid(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long t1 = Probe.PollUntil(port, "/api/status", text, TimeSpan.FromSeconds(20), () => process.HasExited);
        ProcessTable.Signal(process.Id, ProcessTable.SIGTERM);
        if (!process.WaitForExit(5000))
        {
            process.Kill();
            process.WaitForExit();
        }
        if (t1 == 0)
            throw new InvalidOperationException($"{binary} never served {text}");
        return Ms(t0, t1);
    }

    public WatchProcess StartWatch(string projectPath, int port, IEnumerable<string>? extra = null, bool recordGo = false)
    {
        var w = WatchProcess.Start(Workspace, projectPath, port, WatchProperties.Select(p => "-p:" + p).Concat(extra ?? Array.Empty<string>()), recordGo, WatchEnvironment);
        if (Procs.IgnoresSigint(w.Pid) && !Notes.Any(n => n.StartsWith("the watch ignores SIGINT", StringComparison.Ordinal)))
            Notes.Add("the watch ignores SIGINT (inherited): Ctrl+C cannot stop it, so its stop figures are not meaningful.");
        Sessions.Add(w.Pid);
        Interference.AddOurSession(w.Pid);
        return w;
    }

    public void StopWatch(WatchProcess w, string what)
    {
        if (!w.StopWithCtrlC(TimeSpan.FromSeconds(30)))
            Notes.Add($"{what}: the watch did not exit within 30 s of Ctrl+C; its session was killed.");
        if (w.Leaked.Count > 0)
            Leaks.Add($"{what}: left running after Ctrl+C: {string.Join(", ", w.Leaked)}");
    }
}
