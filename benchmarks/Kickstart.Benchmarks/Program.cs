using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace Kickstart.Benchmarks;

/// <summary>
/// End-to-end figures for Kickstart.Sdk against the floor set by the Go toolchain itself.
/// Usage: dotnet run -c Release --project benchmarks/Kickstart.Benchmarks -- [--quick] [--n N] [--proxy] [--markdown FILE] [--keep]
/// (--proxy: only the dev proxy part, 10; the default run does everything, 10 included.)
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        int n = 20;
        if (args.Contains("--quick")) n = 5;
        int at = Array.IndexOf(args, "--n");
        if (at >= 0 && at + 1 < args.Length) n = int.Parse(args[at + 1]);
        at = Array.IndexOf(args, "--markdown");
        string? markdown = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        bool keep = args.Contains("--keep");
        bool proxyOnly = args.Contains("--proxy");
        if (Workspace.FindOnPath("wrk") is null)
        {
            Console.Error.WriteLine(Benchmark.WrkInstallHint);
            return 2;
        }

        string commandLine = "dotnet run -c Release --project benchmarks/Kickstart.Benchmarks --" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
        var bench = new Benchmark(n, commandLine, proxyOnly);
        int exit = 0;
        try
        {
            bench.Run();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"benchmark failed: {e}");
            exit = 1;
        }
        finally
        {
            bench.Cleanup(keep);
        }
        string report = bench.Markdown();
        Console.WriteLine();
        Console.WriteLine(bench.Summary());
        Console.WriteLine();
        Console.WriteLine(report);
        if (markdown is not null)
            File.WriteAllText(markdown, report);
        return exit;
    }
}

internal sealed partial class Benchmark
{
    private static readonly Regex WatchingLine = new(@"kickstart: watching (.*) with (\S+) \(set up in (\d+) ms\)", RegexOptions.Compiled);
    private static readonly Regex StartedLine = new(@"kickstart: built (\d+) ms → started (\d+) ms", RegexOptions.Compiled);
    private static readonly Regex ReloadLine = new(@"built (\d+) ms → restarted (\d+) ms → serving (\d+) ms after the save", RegexOptions.Compiled);
    private static readonly Regex MemoryLine = new(@"kickstart: (\d+) rebuild\(s\); managed memory (grew|shrank) ([\d.]+) KB per rebuild", RegexOptions.Compiled);
    private static readonly string[] Styles = { "in-place write", "write temp + rename" };

    private readonly int _n;
    private readonly bool _proxyOnly;
    private readonly string _commandLine;
    private readonly string _repoRoot;
    private readonly string _packagesDir;
    private readonly string _sdkVersion;
    private readonly Random _random = new();
    private readonly List<int> _startedPids = new();
    private readonly List<int> _sessions = new();
    private readonly List<string> _notes = new();
    private readonly List<string> _leaks = new();
    private Workspace? _ws;
    private Interference? _interference;
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private TimeSpan _duration;

    // 1. floor
    private readonly Series _goBuildW = new("go build -ldflags \"-X … -w\" after a 1-line edit");
    private readonly Series _goBuildNoW = new("go build -ldflags \"-X …\" after a 1-line edit");
    private readonly Series _exec = new("exec → first 200");
    private readonly Series _floorTotals = new("go build -w + exec, per edit");
    private readonly Series _goBuildWLoaded = new("go build -w after a 1-line edit, under the probes' load (control)");
    // 2. dotnet build
    private readonly Series _noop = new("dotnet build, nothing changed");
    private readonly Series _change = new("dotnet build after a 1-line edit");
    private int _noopGoCalls = -1;
    private int _changeGoCalls = -1;
    private string _noopGoCallList = "";
    // 3/4. reloads
    private readonly Dictionary<string, Series> _editToServing = Styles.ToDictionary(s => s, s => new Series("edit → serving, " + s));
    private readonly Dictionary<string, Series> _outage = Styles.ToDictionary(s => s, s => new Series("outage, " + s));
    private readonly Dictionary<string, List<int>> _statusLinesPerSave = Styles.ToDictionary(s => s, _ => new List<int>());
    private readonly Dictionary<string, Series> _watchBuilt = Styles.ToDictionary(s => s, s => new Series("watch says built, " + s));
    private readonly Dictionary<string, Series> _watchRestarted = Styles.ToDictionary(s => s, s => new Series("watch says restarted, " + s));
    private readonly Dictionary<string, Series> _watchServing = Styles.ToDictionary(s => s, s => new Series("watch says serving, " + s));
    private readonly Series _outageAll = new("outage, all reloads");
    private readonly List<int> _probesPerReload = new();
    // 5. burst
    private readonly List<int> _burstBuilds = new();
    private readonly Series _burstSpan = new("burst: first → tenth save");
    private readonly List<double> _burstMaxGap = new();
    private readonly Series _burstServing = new("burst: first save → last greeting served");
    // 6. idle
    private double _idleCpuPercent = double.NaN;
    private double _idleSeconds;
    private string _idleDetail = "";
    // 8. memory
    private string? _memoryLine;
    private string _memoryNote = "";
    private double _ctrlCToExitMs = double.NaN;
    // 7. start
    private readonly Series _watchStart = new("dotnet build -t:Watch launch → first 200");
    private readonly Series _watchStartToWatchingLine = new("launch → 'watching' line");
    private readonly Series _watchStartBuilt = new("watch says built (binary current)");
    private readonly Series _goStart = new("go build -o … (current) && ./server → first 200");
    private readonly Series _watchStartNoRestore = new("dotnet build -t:Watch --no-restore launch → first 200 (diagnostic)");
    private int _startRebuilds;
    // 9. 20k directories
    private readonly Series _bigSetup = new("inotify set-up, 20,000 directories");
    private readonly Series _bigLaunchToLine = new("launch → 'watching' line, 20,000 directories");
    private readonly List<string> _bigMethods = new();
    private readonly Series _bigNoop = new("dotnet build, nothing changed, 20,000 directories (diagnostic)");
    private int _bigDirectories;

    public Benchmark(int n, string commandLine, bool proxyOnly)
    {
        _n = n;
        _proxyOnly = proxyOnly;
        _commandLine = commandLine;
        string Meta(string key) => typeof(Benchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        _repoRoot = Path.GetFullPath(Meta("RepoRoot"));
        _packagesDir = Path.GetFullPath(Meta("KickstartPackagesDir"));
        _sdkVersion = Meta("KickstartVersion");
    }

    private static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private string Unique(string prefix) => $"{prefix}-{_random.Next(100000, 999999)}";

    public void Run()
    {
        var total = Stopwatch.StartNew();
        if (Procs.ResetInheritedSigintIgnore())
            _notes.Add("this program was started with SIGINT ignored (a background job of a non-interactive shell); it reset SIGINT to its default so that the watches it starts receive Ctrl+C.");
        _interference = new Interference();
        EnsurePackage();
        _ws = new Workspace(_repoRoot, _packagesDir, _sdkVersion);
        Log($"workspace {_ws.Root}; n = {_n}");
        WarmUp();
        _interference.Mark("set-up and warm-up");
        if (_proxyOnly)
        {
            DevProxy();
            _duration = total.Elapsed;
            return;
        }

        Floor();
        _interference.Mark("1. floor");
        DotnetBuild();
        _interference.Mark("2. dotnet build");
        WatchSession();
        StartToFirstResponse();
        _interference.Mark("7. start to first response");
        TwentyThousandDirectories();
        _interference.Mark("9. 20,000 directories");
        DevProxy();
        _duration = total.Elapsed;
    }

    private void EnsurePackage()
    {
        string package = Path.Combine(_packagesDir, $"Kickstart.Sdk.{_sdkVersion}.nupkg");
        if (File.Exists(package))
        {
            Log($"package {package} ({File.GetLastWriteTimeUtc(package):u})");
            return;
        }
        Log("building the SDK package: dotnet build src/Kickstart.Sdk");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = _repoRoot };
        foreach (string a in new[] { "build", "src/Kickstart.Sdk", "-nologo", "-tl:off" }) psi.ArgumentList.Add(a);
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var r = Procs.Run(psi, TimeSpan.FromMinutes(10));
        if (r.ExitCode != 0 || !File.Exists(package))
            throw new InvalidOperationException("dotnet build src/Kickstart.Sdk failed:\n" + r.Output);
    }

    private Procs.RunResult DotnetBuild(bool recordGo, string what)
    {
        var r = Procs.Run(_ws!.Dotnet(new[] { "build", _ws.ProjectPath, "-tl:off", "-nologo" }, recordGo));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{what}: dotnet build failed:\n{r.Output}");
        return r;
    }

    private Procs.RunResult GoBuild(bool omitDebugInfo)
    {
        var r = Procs.Run(_ws!.GoBuild(omitDebugInfo));
        if (r.ExitCode != 0)
            throw new InvalidOperationException("go build failed:\n" + r.Output);
        return r;
    }

    private void WarmUp()
    {
        Log("warm-up: restore the package into the workspace cache, first builds");
        DotnetBuild(recordGo: true, "warm-up");
        GoBuild(true);
        GoBuild(false);
    }

    // ------------------------------------------------------------------ 1. floor

    /// <summary>Starts a binary with PORT, polls GET /api/status every ~1 ms until a 200 with the text; stops it.</summary>
    private double ExecToFirstResponse(string binary, string? text, long? startedAt = null)
    {
        int port = Probe.FreePort();
        var psi = new ProcessStartInfo(binary) { WorkingDirectory = _ws!.AppDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PORT"] = port.ToString();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        long t0 = startedAt ?? Stopwatch.GetTimestamp();
        process.Start();
        lock (_startedPids) _startedPids.Add(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long t1 = Probe.PollUntil(port, "/api/status", text, TimeSpan.FromSeconds(20), () => process.HasExited);
        Procs.Signal(process.Id, Procs.SIGTERM);
        if (!process.WaitForExit(5000))
        {
            process.Kill();
            process.WaitForExit();
        }
        if (t1 == 0)
            throw new InvalidOperationException($"{binary} never served {text}");
        return Ms(t0, t1);
    }

    private void Floor()
    {
        Log($"1. floor: go build after a one-line edit, with and without -w, and exec → first response ({_n} each)");
        for (int i = 0; i < _n; i++)
        {
            string g = Unique($"floor-w-{i}");
            _ws!.WriteInPlace(g);
            double build = GoBuild(omitDebugInfo: true).ElapsedMs;
            double exec = ExecToFirstResponse(_ws.FloorBin, g);
            _goBuildW.Add(build);
            _exec.Add(exec);
            _floorTotals.Add(build + exec);
        }
        for (int i = 0; i < _n; i++)
        {
            _ws!.WriteInPlace(Unique($"floor-{i}"));
            _goBuildNoW.Add(GoBuild(omitDebugInfo: false).ElapsedMs);
        }
        // Control: the same build while a server answers the benchmark's own probes (GET every ~1 ms plus a TCP
        // connect every ~1 ms), as it does during every watch reload below — what the probing itself costs the build.
        string loadServer = Path.Combine(Path.GetDirectoryName(_ws!.FloorBin)!, "load-server");
        File.Copy(_ws.FloorBin, loadServer, overwrite: true);
        int port = Probe.FreePort();
        var psi = new ProcessStartInfo(loadServer) { WorkingDirectory = _ws.AppDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PORT"] = port.ToString();
        using (var server = new Process { StartInfo = psi })
        {
            server.OutputDataReceived += (_, _) => { };
            server.ErrorDataReceived += (_, _) => { };
            server.Start();
            lock (_startedPids) _startedPids.Add(server.Id);
            server.BeginOutputReadLine();
            server.BeginErrorReadLine();
            Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(10), () => server.HasExited);
            bool stop = false;
            var poller = new Thread(() => { while (!Volatile.Read(ref stop)) { Probe.Get(port, "/api/status"); Thread.Sleep(1); } }) { IsBackground = true };
            poller.Start();
            using (var outage = new OutageProbe(port))
            {
                outage.Arm();
                for (int i = 0; i < _n; i++)
                {
                    _ws.WriteInPlace(Unique($"floor-loaded-{i}"));
                    _goBuildWLoaded.Add(GoBuild(omitDebugInfo: true).ElapsedMs);
                }
                outage.Disarm(Stopwatch.GetTimestamp());
            }
            Volatile.Write(ref stop, true);
            poller.Join();
            Procs.Signal(server.Id, Procs.SIGTERM);
            if (!server.WaitForExit(5000)) { server.Kill(); server.WaitForExit(); }
        }
        Log($"   {_goBuildW}\n   {_goBuildNoW}\n   {_exec}\n   {_goBuildWLoaded}");
    }

    private double Floor_ => _goBuildW.Median + _exec.Median;

    // ------------------------------------------------------------------ 2. dotnet build

    private void DotnetBuild()
    {
        Log($"2. dotnet build: no-op and after a one-line edit ({_n} each), a recording go first on PATH");
        // The recording go's path is part of the inputs cache (the toolchain path), so every build here uses it.
        DotnetBuild(recordGo: true, "priming");
        _ws!.ResetGoCalls();
        for (int i = 0; i < _n; i++)
            _noop.Add(DotnetBuild(recordGo: true, "no-op").ElapsedMs);
        _noopGoCalls = _ws.GoCallCount();
        _noopGoCallList = string.Join("; ", _ws.GoCalls().Distinct());
        _ws.ResetGoCalls();
        for (int i = 0; i < _n; i++)
        {
            _ws.WriteInPlace(Unique($"dotnet-build-{i}"));
            _change.Add(DotnetBuild(recordGo: true, "after an edit").ElapsedMs);
        }
        _changeGoCalls = _ws.GoCallCount();
        Log($"   {_noop}; go started {_noopGoCalls} time(s)\n   {_change}; go started {_changeGoCalls} time(s)");
    }

    // ------------------------------------------------------------------ 3, 4, 5, 6, 8: one watch session

    private WatchProcess StartWatch(string projectPath, int port, IEnumerable<string>? extra = null)
    {
        var w = WatchProcess.Start(_ws!, projectPath, port, extra);
        if (Procs.IgnoresSigint(w.Pid) && !_notes.Any(n => n.StartsWith("the watch ignores SIGINT", StringComparison.Ordinal)))
            _notes.Add("the watch ignores SIGINT (inherited): Ctrl+C cannot stop it, so its stop figures are not meaningful.");
        _sessions.Add(w.Pid);
        _interference?.AddOurSession(w.Pid);
        return w;
    }

    private void StopWatch(WatchProcess w, string what)
    {
        if (!w.StopWithCtrlC(TimeSpan.FromSeconds(30)))
            _notes.Add($"{what}: the watch did not exit within 30 s of Ctrl+C; its session was killed.");
        if (w.Leaked.Count > 0)
            _leaks.Add($"{what}: left running after Ctrl+C: {string.Join(", ", w.Leaked)}");
    }

    private void WatchSession()
    {
        int port = Probe.FreePort();
        Log($"3. watch on port {port}: edit → serving, {_n} saves per style");
        using WatchProcess w = StartWatch(_ws!.ProjectPath, port);
        long ready = Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited);
        if (ready == 0)
            throw new InvalidOperationException("the watch never served:\n" + w.Output);
        if (w.WaitForLine(StartedLine, 0, TimeSpan.FromSeconds(30)) is null)
            throw new InvalidOperationException("no 'kickstart: built … started' line:\n" + w.Output);
        Thread.Sleep(500);
        _interference!.Mark("3. watch start-up");

        using (var outage = new OutageProbe(port))
        {
            foreach (string style in Styles)
            {
                for (int i = 0; i < _n; i++)
                {
                    string g = Unique($"{(style.StartsWith("in-place") ? "inplace" : "rename")}-{i}");
                    int from = w.LineCount;
                    outage.Arm();
                    long t0 = Stopwatch.GetTimestamp();
                    if (style.StartsWith("in-place", StringComparison.Ordinal)) _ws.WriteInPlace(g);
                    else _ws.WriteTempThenRename(g);
                    long t1 = Probe.PollUntil(port, "/api/status", g, TimeSpan.FromSeconds(60), () => w.HasExited);
                    var (longest, probes, _) = outage.Disarm(t0);
                    if (t1 == 0)
                        throw new InvalidOperationException($"'{g}' was never served:\n" + w.Output);
                    _editToServing[style].Add(Ms(t0, t1));
                    _outage[style].Add(longest);
                    _outageAll.Add(longest);
                    _probesPerReload.Add(probes);
                    var status = w.WaitForLine(WatchProcess.StatusLine, from, TimeSpan.FromSeconds(30));
                    Thread.Sleep(400); // a second build for the same save would show up here
                    _statusLinesPerSave[style].Add(w.CountFrom(WatchProcess.StatusLine, from));
                    if (status is { } s && ReloadLine.Match(s.Line) is { Success: true } m)
                    {
                        _watchBuilt[style].Add(double.Parse(m.Groups[1].Value));
                        _watchRestarted[style].Add(double.Parse(m.Groups[2].Value));
                        _watchServing[style].Add(double.Parse(m.Groups[3].Value));
                    }
                }
                Log($"   {_editToServing[style]}; {_outage[style]}; status lines per save: {string.Join(",", _statusLinesPerSave[style])}");
            }
        }
        _interference.Mark("3/4. reloads");

        int bursts = Math.Max(3, _n / 4);
        Log($"5. burst: 10 saves within a few ms, {bursts} times");
        for (int b = 0; b < bursts; b++)
        {
            int from = w.LineCount;
            long t0 = Stopwatch.GetTimestamp();
            var (last, maxGap) = BurstOfSaves(b, t0);
            long t1 = Stopwatch.GetTimestamp();
            long served = Probe.PollUntil(port, "/api/status", last, TimeSpan.FromSeconds(60), () => w.HasExited);
            if (served == 0)
                throw new InvalidOperationException($"'{last}' was never served:\n" + w.Output);
            Thread.Sleep(2000);
            _burstBuilds.Add(w.CountFrom(WatchProcess.StatusLine, from));
            _burstSpan.Add(Ms(t0, t1));
            _burstMaxGap.Add(maxGap);
            _burstServing.Add(Ms(t0, served));
        }
        Log($"   builds per burst: {string.Join(",", _burstBuilds)}; {_burstSpan}; longest gap between two saves per burst: {string.Join(", ", _burstMaxGap.Select(g => g.ToString("0.0")))} ms");
        _interference.Mark("5. burst");

        Log("6. idle CPU of the watch's session over 5 s");
        Thread.Sleep(2000);
        var before = Procs.LiveInSession(w.Pid).ToDictionary(p => p.Pid);
        long i0 = Stopwatch.GetTimestamp();
        Thread.Sleep(5000);
        var after = Procs.LiveInSession(w.Pid);
        _idleSeconds = Stopwatch.GetElapsedTime(i0).TotalSeconds;
        long ticks = 0;
        var parts = new List<string>();
        foreach (var p in after)
        {
            long d = before.TryGetValue(p.Pid, out var b0) ? p.CpuTicks - b0.CpuTicks : p.CpuTicks;
            ticks += d;
            parts.Add($"{p.Command}[{p.Pid}] {d * 1000 / Machine.ClockTicksPerSecond} ms");
        }
        _idleCpuPercent = ticks / (double)Machine.ClockTicksPerSecond / _idleSeconds * 100;
        _idleDetail = $"{after.Count} processes in the session: " + string.Join(", ", parts) +
            (before.Keys.Except(after.Select(a => a.Pid)).Any() ? $"; {before.Keys.Except(after.Select(a => a.Pid)).Count()} exited meanwhile" : "");
        Log($"   {_idleCpuPercent:0.00}% of one core ({_idleDetail})");
        _interference.Mark("6. idle");

        Log("8. Ctrl+C (SIGINT to the process group) and the memory line");
        int linesBefore = w.LineCount;
        long c0 = Stopwatch.GetTimestamp();
        bool exited = w.StopWithCtrlC(TimeSpan.FromSeconds(30));
        _ctrlCToExitMs = exited ? Ms(c0, Stopwatch.GetTimestamp()) : double.NaN;
        var mem = w.LinesFrom(linesBefore).FirstOrDefault(l => MemoryLine.IsMatch(l.Line));
        _memoryLine = mem.Line is null ? null : MemoryLine.Match(mem.Line).Value;
        if (!exited)
            _notes.Add("8: the watch did not exit within 30 s of SIGINT; its session was killed.");
        if (_memoryLine is null)
            _memoryNote = "the process ended without printing the memory line; its last lines were:\n" +
                string.Join("\n", w.LinesFrom(linesBefore).TakeLast(12).Select(l => "    " + l.Line));
        if (w.Leaked.Count > 0)
            _leaks.Add($"8: left running after Ctrl+C: {string.Join(", ", w.Leaked)}");
        Log($"   {_memoryLine ?? "no memory line"}; Ctrl+C → exit {Series.F(_ctrlCToExitMs)} ms");
        _interference.Mark("8. stop");
    }

    /// <summary>
    /// Ten in-place saves ~0.3 ms apart. Fully optimized up front: a spin loop in a big Tier-0 method would be compiled
    /// on the stack (OSR) in the middle of the burst, a ~20 ms pause that the watch rightly sees as two bursts.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private (string Last, double MaxGapMs) BurstOfSaves(int burst, long t0)
    {
        var texts = new string[10];
        for (int k = 0; k < texts.Length; k++)
            texts[k] = Unique($"burst-{burst}-{k}");
        long previous = t0;
        double maxGap = 0;
        foreach (string text in texts)
        {
            _ws!.WriteInPlace(text);
            long now = Stopwatch.GetTimestamp();
            maxGap = Math.Max(maxGap, Ms(previous, now));
            previous = now;
            long until = now + Stopwatch.Frequency * 3 / 10000;
            while (Stopwatch.GetTimestamp() < until) { }
        }
        return (texts[^1], maxGap);
    }

    // ------------------------------------------------------------------ 7. start to first response

    private void StartToFirstResponse()
    {
        Log($"7. start → first response, the binary current: dotnet build -t:Watch vs go build && ./server ({_n} each)");
        for (int i = 0; i < _n; i++)
        {
            DateTime binaryBefore = File.GetLastWriteTimeUtc(_ws!.AppBinary);
            int port = Probe.FreePort();
            using WatchProcess w = StartWatch(_ws.ProjectPath, port);
            long t1 = Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited);
            if (t1 == 0)
                throw new InvalidOperationException("the watch never served:\n" + w.Output);
            _watchStart.Add(Ms(w.Launched, t1));
            if (w.WaitForLine(WatchingLine, 0, TimeSpan.FromSeconds(5)) is { } watching)
                _watchStartToWatchingLine.Add(Ms(w.Launched, watching.Ts));
            if (w.WaitForLine(StartedLine, 0, TimeSpan.FromSeconds(10)) is { } started)
                _watchStartBuilt.Add(double.Parse(StartedLine.Match(started.Line).Groups[1].Value));
            StopWatch(w, $"7 (start {i + 1})");
            if (File.GetLastWriteTimeUtc(_ws.AppBinary) != binaryBefore)
                _startRebuilds++;
        }
        // Diagnostic: how much of the start is the implicit restore (a second evaluation and the Restore target).
        for (int i = 0; i < Math.Min(_n, 5); i++)
        {
            int port = Probe.FreePort();
            using WatchProcess w = StartWatch(_ws!.ProjectPath, port, new[] { "--no-restore" });
            long t1 = Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited);
            if (t1 != 0) _watchStartNoRestore.Add(Ms(w.Launched, t1));
            StopWatch(w, $"7 (--no-restore start {i + 1})");
        }
        GoBuild(omitDebugInfo: true); // the floor binary is current too
        for (int i = 0; i < _n; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            GoBuild(omitDebugInfo: true);
            _goStart.Add(ExecToFirstResponse(_ws!.FloorBin, null, t0));
        }
        Log($"   {_watchStart}\n   {_goStart}\n   ratio {_watchStart.Median / _goStart.Median:0.00}×; binary rewritten by {_startRebuilds} of {_n} watch starts");
    }

    // ------------------------------------------------------------------ 9. 20,000 directories

    private void TwentyThousandDirectories()
    {
        string big = Path.Combine(_ws!.Root, "big");
        Directory.CreateDirectory(big);
        File.WriteAllText(Path.Combine(big, "go.mod"), "module example.com/big\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(big, "main.go"), """
            package main

            import (
            	"net/http"
            	"os"
            )

            func main() {
            	port := os.Getenv("PORT")
            	if port == "" {
            		port = "8080"
            	}
            	http.HandleFunc("/api/status", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"greeting":"big"}`)) })
            	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
            		os.Exit(1)
            	}
            }
            """);
        File.WriteAllText(Path.Combine(big, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(big, "Directory.Build.targets"), "<Project />\n");
        string project = Path.Combine(big, "Big.proj");
        File.WriteAllText(project, $"<Project Sdk=\"Kickstart.Sdk/{_sdkVersion}\" />\n");
        // 100 directories with 199 subdirectories each: 20,000 directories; a small package in five of them.
        int count = 0;
        for (int a = 0; a < 100; a++)
        {
            for (int b = 0; b < 199; b++)
            {
                Directory.CreateDirectory(Path.Combine(big, $"d{a:00}", $"s{b:000}"));
                count++;
            }
            count++;
            if (a % 20 == 0)
                File.WriteAllText(Path.Combine(big, $"d{a:00}", "s000", "p.go"), $"package s000\n\n// N is a value.\nconst N = {a}\n");
        }
        _bigDirectories = count;
        Log($"9. watch set-up on a module with {count} directories ({_n} starts)");
        for (int i = 0; i < _n; i++)
        {
            int port = Probe.FreePort();
            using WatchProcess w = StartWatch(project, port);
            var line = w.WaitForLine(WatchingLine, 0, TimeSpan.FromSeconds(300));
            if (line is null)
                throw new InvalidOperationException("no 'kickstart: watching … with' line:\n" + w.Output);
            Match m = WatchingLine.Match(line.Value.Line);
            _bigSetup.Add(double.Parse(m.Groups[3].Value));
            _bigMethods.Add(m.Groups[2].Value);
            _bigLaunchToLine.Add(Ms(w.Launched, line.Value.Ts));
            if (Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited) == 0)
                _notes.Add($"9 (start {i + 1}): the big module's server never answered:\n{w.Output}");
            StopWatch(w, $"9 (start {i + 1})");
        }
        // Diagnostic: what evaluating (globbing) the big tree costs a plain no-op build (the first build relinks without -w).
        Procs.Run(_ws.Dotnet(new[] { "build", project, "-tl:off", "-nologo" }, workingDirectory: big));
        for (int i = 0; i < Math.Min(_n, 5); i++)
        {
            var r = Procs.Run(_ws.Dotnet(new[] { "build", project, "-tl:off", "-nologo" }, workingDirectory: big));
            if (r.ExitCode == 0) _bigNoop.Add(r.ElapsedMs);
        }
        Log($"   {_bigSetup} with {string.Join(",", _bigMethods.Distinct())}; {_bigLaunchToLine}; {_bigNoop}");
    }

    // ------------------------------------------------------------------ cleanup and reports

    public void Cleanup(bool keep)
    {
        foreach (int session in _sessions)
        {
            var left = Procs.LiveInSession(session);
            if (left.Count > 0)
            {
                _leaks.Add($"session {session} still had {string.Join(", ", left.Select(p => $"{p.Pid} {p.Command}"))} at the end (killed)");
                Procs.KillSession(session);
            }
        }
        foreach (int pid in _startedPids)
        {
            if (Procs.IsAlive(pid))
            {
                _leaks.Add($"server {pid} still alive at the end (killed)");
                Procs.Signal(pid, Procs.SIGKILL);
            }
        }
        bool clean = Procs.WaitUntil(() => _sessions.All(s => Procs.LiveInSession(s).Count == 0) && _startedPids.All(p => !Procs.IsAlive(p)), TimeSpan.FromSeconds(5));
        Log($"cleanup: {_sessions.Count} watch sessions and {_startedPids.Count} directly started servers checked; {(clean ? "nothing left running" : "SOMETHING IS STILL RUNNING")}");
        if (!clean) _leaks.Add("after cleanup something was still running");
        if (!keep) _ws?.Dispose();
        _ws = null;
    }

    private static string Pass(bool ok) => ok ? "**met**" : "**missed**";

    public string Summary()
    {
        var s = new StringBuilder();
        double floor = Floor_;
        s.AppendLine($"== Kickstart benchmark summary (n={_n}) ==");
        if (_proxyOnly)
        {
            s.AppendLine(ProxySummary());
            s.Append($"leaks: {(_leaks.Count == 0 ? "none" : string.Join("; ", _leaks))}");
            return s.ToString();
        }
        s.AppendLine($"floor: go build -w {Series.F(_goBuildW.Median)} ms (no -w {Series.F(_goBuildNoW.Median)}) + exec→200 {Series.F(_exec.Median)} ms = {Series.F(floor)} ms");
        s.AppendLine($"dotnet build no-op {Series.F(_noop.Median)}/{Series.F(_noop.P90)} ms, go started {_noopGoCalls}x; after edit {Series.F(_change.Median)}/{Series.F(_change.P90)} ms (go build {Series.F(_goBuildNoW.Median)})");
        foreach (string style in Styles)
            s.AppendLine($"edit→serving [{style}] {Series.F(_editToServing[style].Median)}/{Series.F(_editToServing[style].P90)} ms = floor+{Series.F(_editToServing[style].Median - floor)} ms ({Series.F(_editToServing[style].Median / floor, "0.00")}x); outage {Series.F(_outage[style].Median)}/{Series.F(_outage[style].P90)}/max {Series.F(_outage[style].Max)} ms");
        s.AppendLine($"burst (10 saves) → builds: {string.Join(",", _burstBuilds)}");
        s.AppendLine($"idle CPU {Series.F(_idleCpuPercent, "0.00")}% of one core over {Series.F(_idleSeconds, "0.0")} s");
        s.AppendLine($"start→200: watch {Series.F(_watchStart.Median)}/{Series.F(_watchStart.P90)} ms vs go build && ./server {Series.F(_goStart.Median)}/{Series.F(_goStart.P90)} ms = {Series.F(_watchStart.Median / _goStart.Median, "0.00")}x");
        s.AppendLine($"memory: {_memoryLine ?? "(no line) " + _memoryNote}");
        s.AppendLine($"20k dirs: set-up {Series.F(_bigSetup.Median)}/{Series.F(_bigSetup.P90)} ms with {string.Join(",", _bigMethods.Distinct())}");
        s.AppendLine(ProxySummary());
        s.Append($"leaks: {(_leaks.Count == 0 ? "none" : string.Join("; ", _leaks))}");
        return s.ToString();
    }

    private static string Row(Series s, string extra = "") =>
        $"| {s.Name} | {Series.F(s.Median)} | {Series.F(s.P90)} | {s.Count} |{extra}";

    public string Markdown()
    {
        double floor = Floor_;
        double floorNoW = _goBuildNoW.Median + _exec.Median;
        var md = new StringBuilder();
        md.AppendLine($"Command: `{_commandLine}` — n = {_n} repetitions per measurement, run {_startedAt:yyyy-MM-dd HH:mm} UTC, {(_duration.TotalMinutes > 0 ? $"{_duration.TotalMinutes:0.0} min" : "")}.");
        md.AppendLine();
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores ({Machine.CpuModel}), {Machine.Memory} RAM, {Machine.Os} (kernel {Machine.Kernel}), " +
                      $".NET SDK {Machine.Command("dotnet", "--version")}, {Machine.Command(_ws?.RealGo ?? "go", "version")}, inotify max_user_watches {Machine.InotifyMaxUserWatches}, load average at the end {Machine.LoadAverage}.");
        md.AppendLine();
        if (_proxyOnly)
        {
            md.AppendLine(ProxyMarkdown("### Dev proxy (`--proxy`: only this part)"));
            AppendLoadAndLeaks(md);
            return md.ToString();
        }
        md.AppendLine("All times in ms; p90 is nearest-rank. Floor = median `go build -w` after the same one-line edit + median exec → first 200 " +
                      $"= {Series.F(_goBuildW.Median)} + {Series.F(_exec.Median)} = **{Series.F(floor)} ms** (without `-w`: {Series.F(floorNoW)} ms).");
        md.AppendLine();

        md.AppendLine("### 1. Floor: the Go toolchain alone");
        md.AppendLine();
        md.AppendLine("| Measurement | median | p90 | n |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(Row(_goBuildW));
        md.AppendLine(Row(_goBuildNoW));
        md.AppendLine(Row(_exec));
        md.AppendLine(Row(_floorTotals));
        md.AppendLine(Row(_goBuildWLoaded));
        md.AppendLine();

        md.AppendLine("### 2. `dotnet build`");
        md.AppendLine();
        md.AppendLine("| Measurement | median | p90 | n | next to | target | result |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        md.AppendLine(Row(_noop, $" `go` started {_noopGoCalls} times in {_noop.Count} builds{(_noopGoCallList.Length > 0 ? $" ({_noopGoCallList})" : "")} | go invocations = 0 | {Pass(_noopGoCalls == 0)} |"));
        md.AppendLine(Row(_change, $" `go build` (no `-w`) {Series.F(_goBuildNoW.Median)}: +{Series.F(_change.Median - _goBuildNoW.Median)} ms; `go` started {_changeGoCalls} times | — | — |"));
        md.AppendLine();

        md.AppendLine("### 3. Watch: edit → serving the new text");
        md.AppendLine();
        md.AppendLine("| Save style | median | p90 | n | median − floor | median ÷ floor | target: ≤ floor + 30 ms | status lines per save | watch's own report: built / restarted / serving (medians) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (string style in Styles)
        {
            Series e = _editToServing[style];
            var lines = _statusLinesPerSave[style].GroupBy(x => x).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
            md.AppendLine($"| {style} | {Series.F(e.Median)} | {Series.F(e.P90)} | {e.Count} | {Series.F(e.Median - floor)} | {Series.F(e.Median / floor, "0.00")}× | {Pass(e.Median <= floor + 30)} | {string.Join(", ", lines)} | {Series.F(_watchBuilt[style].Median)} / {Series.F(_watchRestarted[style].Median)} / {Series.F(_watchServing[style].Median)} |");
        }
        md.AppendLine();

        md.AppendLine("### 4. Outage per reload (longest span of refused TCP connects, probe every ~1 ms)");
        md.AppendLine();
        md.AppendLine("| Save style | median | p90 | max | n | target ≤ 30 ms |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (string style in Styles)
            md.AppendLine($"| {style} | {Series.F(_outage[style].Median)} | {Series.F(_outage[style].P90)} | {Series.F(_outage[style].Max)} | {_outage[style].Count} | {Pass(_outage[style].Max <= 30)} (max) |");
        md.AppendLine($"| all reloads | {Series.F(_outageAll.Median)} | {Series.F(_outageAll.P90)} | {Series.F(_outageAll.Max)} | {_outageAll.Count} | {Pass(_outageAll.Max <= 30)} (max) |");
        md.AppendLine();
        md.AppendLine($"Probes per reload window: median {Series.F(Median(_probesPerReload))}.");
        md.AppendLine();

        md.AppendLine("### 5. Burst: 10 saves within a few ms");
        md.AppendLine();
        md.AppendLine("| bursts | rebuild status lines per burst | 10 saves spanned (median / max) | longest gap between two saves, per burst (ms) | first save → last text served (median) | target | result |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        md.AppendLine($"| {_burstBuilds.Count} | {string.Join(", ", _burstBuilds)} | {Series.F(_burstSpan.Median, "0.0")} / {Series.F(_burstSpan.Max, "0.0")} ms | {string.Join(", ", _burstMaxGap.Select(g => g.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} | {Series.F(_burstServing.Median)} ms | 1 build | {Pass(_burstBuilds.Count > 0 && _burstBuilds.All(b => b == 1))} |");
        md.AppendLine();

        md.AppendLine("### 6. Idle CPU (watch running, nothing changing)");
        md.AppendLine();
        md.AppendLine("| window | CPU (% of one core), whole session | target | result |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine($"| {Series.F(_idleSeconds, "0.0")} s | {Series.F(_idleCpuPercent, "0.00")} % | 0 % | {Pass(_idleCpuPercent < 0.5)} |");
        md.AppendLine();
        md.AppendLine($"Per process (utime+stime over the window, 10 ms resolution): {_idleDetail}.");
        md.AppendLine();

        md.AppendLine("### 7. Start → first response, binary current");
        md.AppendLine();
        md.AppendLine("| Measurement | median | p90 | n |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(Row(_watchStart));
        md.AppendLine(Row(_watchStartToWatchingLine));
        md.AppendLine(Row(_watchStartBuilt));
        md.AppendLine(Row(_goStart));
        md.AppendLine(Row(_watchStartNoRestore));
        double ratio = _watchStart.Median / _goStart.Median;
        md.AppendLine();
        md.AppendLine($"Ratio (medians): **{Series.F(ratio, "0.00")}×**; target ≤ 1.2× → {Pass(ratio <= 1.2)}. The watch rewrote the binary in {_startRebuilds} of {_watchStart.Count} starts (0 = it was current).");
        md.AppendLine();

        md.AppendLine("### 8. Memory growth per rebuild (Ctrl+C = SIGINT to the watch's process group)");
        md.AppendLine();
        if (_memoryLine is not null)
        {
            Match m = MemoryLine.Match(_memoryLine);
            double kb = double.Parse(m.Groups[3].Value) * (m.Groups[2].Value == "grew" ? 1 : -1);
            md.AppendLine("| line printed on exit | rebuilds | KB per rebuild | target ≤ 100 KB | Ctrl+C → exit |");
            md.AppendLine("|---|---|---|---|---|");
            md.AppendLine($"| `{_memoryLine}` | {m.Groups[1].Value} | {kb:0.0} | {Pass(kb <= 100)} | {Series.F(_ctrlCToExitMs)} ms |");
        }
        else
        {
            md.AppendLine($"No memory line: {_memoryNote}");
        }
        md.AppendLine();

        md.AppendLine($"### 9. Watch set-up on a module of {_bigDirectories:N0} directories");
        md.AppendLine();
        md.AppendLine("| Measurement | median | p90 | n | method | target ≤ 1000 ms |");
        md.AppendLine("|---|---|---|---|---|---|");
        md.AppendLine(Row(_bigSetup, $" {string.Join(", ", _bigMethods.Distinct())} | {Pass(_bigSetup.Median <= 1000)} |"));
        md.AppendLine(Row(_bigLaunchToLine, " | — |"));
        md.AppendLine(Row(_bigNoop, " | — |"));
        md.AppendLine();

        md.AppendLine(ProxyMarkdown("### 10. Dev proxy"));
        AppendLoadAndLeaks(md);
        return md.ToString();
    }

    private void AppendLoadAndLeaks(StringBuilder md)
    {
        md.AppendLine("### Other load on the machine while measuring");
        md.AppendLine();
        md.AppendLine("CPU used by processes that were not this benchmark's (% of one core; lower bound: short-lived processes between marks are missed):");
        md.AppendLine();
        md.AppendLine("| phase | foreign CPU | top |");
        md.AppendLine("|---|---|---|");
        foreach (var (phase, cpu, top) in _interference?.Phases ?? new())
            md.AppendLine($"| {phase} | {cpu:0} % | {top} |");
        md.AppendLine();
        md.AppendLine($"Leaks: {(_leaks.Count == 0 ? "none — every watch session and every server this run started was gone at the end (checked through /proc by session id and PID)." : string.Join("; ", _leaks))}");
        foreach (string note in _notes)
            md.AppendLine($"\nNote: {note}");
    }

    private static double Median(List<int> xs)
    {
        var s = new Series("");
        foreach (int x in xs) s.Add(x);
        return s.Median;
    }
}
