using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Kickstart.Benchmarks.Fixtures;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>11. The generated large module: floor, watch start, edit → serving with Kickstart's own share, memory over many reloads.</summary>
internal sealed record LargeModuleResult
{
    public LargeModule.Shape? Shape { get; init; }
    public double GenerateMs { get; init; } = double.NaN;
    public ModuleFloor Floor { get; init; } = new("large module");
    public Series StartToWatching { get; } = new("launch → 'watching' line");
    public Series StartToFirst200 { get; } = new("launch → first 200");
    public ModuleReloadResult Reloads { get; init; } = new();
    public FullPathReloads FullPath { get; init; } = new();
    public MemoryOverReloads Memory { get; init; } = new();
}

/// <summary>
/// Reloads that take the full path (a new evaluation): a file created beside the edited one, then deleted again, n
/// times each; the watch's own built time and its evaluate phase, read from its status line (the new file changes
/// nothing the server serves: its binary comes out the same, so nothing is served anew to time).
/// </summary>
internal sealed record FullPathReloads
{
    public Series CreatedBuilt { get; } = new("file created: built");
    public Series CreatedEvaluate { get; } = new("file created: evaluate phase");
    public Series DeletedBuilt { get; } = new("file deleted: built");
    public Series DeletedEvaluate { get; } = new("file deleted: evaluate phase");
}

/// <summary>The build process over <see cref="Reloads"/> reloads of one watch: RSS from /proc before and after, and the watch's own line.</summary>
internal sealed record MemoryOverReloads
{
    public int Reloads { get; init; }
    /// <summary>VmRSS (KB) of the watch's dotnet processes right after its first 200.</summary>
    public double RssAtStartKb { get; init; } = double.NaN;
    /// <summary>Before the first of <see cref="Reloads"/> (after the edit → serving reloads).</summary>
    public double RssFirstKb { get; init; } = double.NaN;
    public double RssLastKb { get; init; } = double.NaN;
    /// <summary>(reloads so far, RSS KB) every tenth of the way.</summary>
    public List<(int Reloads, double RssKb)> Samples { get; } = new();
    public Series Serving { get; } = new("edit → serving during the memory reloads");
    /// <summary>The `N rebuild(s); managed memory grew … per rebuild` line the watch printed on Ctrl+C, or null.</summary>
    public string? ManagedLine { get; init; }
    public double ManagedKbPerRebuild { get; init; } = double.NaN;
    public int DotnetProcesses { get; init; }

    public double RssGrowthMb => (RssLastKb - RssFirstKb) / 1024;
}

internal sealed class LargeModuleReloads
{
    private readonly BenchmarkContext _context;
    private readonly int _memoryReloads;

    public LargeModuleReloads(BenchmarkContext context, int memoryReloads)
    {
        _context = context;
        _memoryReloads = memoryReloads;
    }

    /// <summary>The watch's flags for the floor: `-buildvcs=false` as watch builds pass it (the large module is a git repository).</summary>
    public static readonly string[] WatchFlags = { "-buildvcs=false" };

    /// <summary>Generates the module (deterministic) once; 12 reuses it.</summary>
    public static (GoModule Module, LargeModule.Shape Shape, double Ms) Generate(BenchmarkContext context)
    {
        long t0 = Stopwatch.GetTimestamp();
        string git = SearchPath.Find("git") ?? throw new InvalidOperationException("git is not on PATH: the large module is a git repository (11, 12)");
        var (module, shape) = LargeModule.Create(Path.Combine(context.Workspace.Root, "large"), context.Workspace.SdkVersion, git);
        double ms = BenchmarkContext.Ms(t0, Stopwatch.GetTimestamp());
        BenchmarkContext.Log($"   generated {shape.Directories:N0} directories, {shape.Packages:N0} packages, {shape.OtherFiles:N0} other files in {ms:0} ms (git repository, one commit)");
        return (module, shape, ms);
    }

    public LargeModuleResult Run(GoModule module, LargeModule.Shape shape, double generateMs)
    {
        int n = _context.N;
        BenchmarkContext.Log($"11. large module ({shape.Directories:N0} directories, {shape.Packages:N0} packages): floor, {n} watch starts, {n} saves per style, {_memoryReloads} reloads for memory");
        ModuleFloor floor = ModuleReloads.Floor(_context, module, "large module", WatchFlags);
        var result = new LargeModuleResult { Shape = shape, GenerateMs = generateMs, Floor = floor };
        // Restore and the first build outside the figures, so that every start below finds the binary current.
        BenchmarkContext.MustRun(_context.Workspace.Dotnet(new[] { "build", module.ProjectPath, "-tl:off", "-nologo" }, workingDirectory: module.Dir), "large module: dotnet build");
        for (int i = 0; i < n; i++)
        {
            int port = FreePort.Find();
            using WatchProcess w = _context.StartWatch(module.ProjectPath, port);
            long served = Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(300), () => w.HasExited);
            if (served == 0)
                throw new InvalidOperationException("large module: the watch never served:\n" + w.Output);
            result.StartToFirst200.Add(BenchmarkContext.Ms(w.Launched, served));
            if (w.WaitForLine(WatchLines.Watching, 0, TimeSpan.FromSeconds(30)) is { } watching)
                result.StartToWatching.Add(BenchmarkContext.Ms(w.Launched, watching.Ts));
            _context.StopWatch(w, $"11 (start {i + 1})");
        }
        BenchmarkContext.Log($"   {result.StartToFirst200}; {result.StartToWatching}");

        int watchPort = FreePort.Find();
        using WatchProcess watch = _context.StartWatch(module.ProjectPath, watchPort);
        if (Probe.PollUntil(watchPort, "/api/status", null, TimeSpan.FromSeconds(300), () => watch.HasExited) == 0 ||
            watch.WaitForLine(WatchLines.Started, 0, TimeSpan.FromSeconds(30)) is null)
            throw new InvalidOperationException("large module: the watch never served:\n" + watch.Output);
        double rssAtStart = SessionRss.DotnetKb(watch.Pid).Kb;
        result = result with { Reloads = ModuleReloads.EditToServing(_context, watch, module, watchPort, "large module", WatchFlags) };
        result = result with { FullPath = MeasureFullPath(watch, module) };
        result = result with { Memory = MeasureMemory(watch, module, watchPort, rssAtStart) };
        return result;
    }

    private FullPathReloads MeasureFullPath(WatchProcess w, GoModule module)
    {
        var result = new FullPathReloads();
        string file = Path.Combine(Path.GetDirectoryName(module.EditFile)!, "created.go");
        string package = File.ReadLines(module.EditFile).First(l => l.StartsWith("package ", StringComparison.Ordinal));
        for (int i = 0; i < _context.N; i++)
        {
            Reload(w, () => File.WriteAllText(file, $"{package}\n\nconst created{i} = {i}\n"), result.CreatedBuilt, result.CreatedEvaluate, $"create {i + 1}");
            Reload(w, () => File.Delete(file), result.DeletedBuilt, result.DeletedEvaluate, $"delete {i + 1}");
        }
        BenchmarkContext.Log($"   large module, full path: {result.CreatedEvaluate}; {result.DeletedEvaluate}; {result.CreatedBuilt}; {result.DeletedBuilt}");
        return result;
    }

    private void Reload(WatchProcess w, Action change, Series built, Series evaluate, string what)
    {
        SessionQuiet.Wait(w.Pid);
        int from = w.LineCount;
        change();
        var status = w.WaitForLine(WatchProcess.StatusLine, from, TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException($"large module, full path ({what}): no status line:\n" + w.Output);
        if (ReloadLine.Parse(status.Line) is not { } line)
            return;
        built.Add(line.BuiltMs);
        if (line.Phases.TryGetValue("evaluate", out double ms))
            evaluate.Add(ms);
    }

    private MemoryOverReloads MeasureMemory(WatchProcess w, GoModule module, int port, double rssAtStart)
    {
        var (first, processes) = SessionRss.DotnetKb(w.Pid);
        var memory = new MemoryOverReloads { Reloads = _memoryReloads, RssAtStartKb = rssAtStart, RssFirstKb = first, DotnetProcesses = processes };
        int every = Math.Max(1, _memoryReloads / 10);
        for (int i = 1; i <= _memoryReloads; i++)
        {
            string g = _context.Unique($"memory-{i}");
            int from = w.LineCount;
            long t0 = Stopwatch.GetTimestamp();
            module.WriteInPlace(g);
            long t1 = Probe.PollUntil(port, "/api/status", g, TimeSpan.FromSeconds(60), () => w.HasExited);
            if (t1 == 0)
                throw new InvalidOperationException($"large module, memory reload {i}: '{g}' was never served:\n" + w.Output);
            memory.Serving.Add(BenchmarkContext.Ms(t0, t1));
            w.WaitForLine(WatchProcess.StatusLine, from, TimeSpan.FromSeconds(30));
            if (i % every == 0 || i == _memoryReloads)
                memory.Samples.Add((i, SessionRss.DotnetKb(w.Pid).Kb));
        }
        double last = SessionRss.DotnetKb(w.Pid).Kb;
        int linesBefore = w.LineCount;
        _context.StopWatch(w, "11 (memory)");
        var line = w.LinesFrom(linesBefore).Select(l => WatchLines.Memory.Match(l.Line)).FirstOrDefault(m => m.Success);
        double kb = line is null ? double.NaN : double.Parse(line.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) * (line.Groups[2].Value == "grew" ? 1 : -1);
        memory = memory with { RssLastKb = last, ManagedLine = line?.Value, ManagedKbPerRebuild = kb };
        BenchmarkContext.Log($"   memory over {_memoryReloads} reloads: RSS {first / 1024:0.0} → {last / 1024:0.0} MB; {line?.Value ?? "no memory line"}");
        return memory;
    }
}

/// <summary>Resident memory of a watch's build processes: VmRSS of every `dotnet` in its session (not the dev proxy, which runs only with KickstartProxyUrl).</summary>
internal static class SessionRss
{
    private static readonly Regex VmRss = new(@"^VmRSS:\s+(\d+) kB", RegexOptions.Compiled | RegexOptions.Multiline);

    public static (double Kb, int Processes) DotnetKb(int session)
    {
        double kb = 0;
        int count = 0;
        foreach (ProcessEntry p in ProcessTable.LiveInSession(session).Where(p => p.Command == "dotnet"))
        {
            try
            {
                if (VmRss.Match(File.ReadAllText($"/proc/{p.Pid}/status")) is { Success: true } m)
                {
                    kb += double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    count++;
                }
            }
            catch (IOException) { }
        }
        return count == 0 ? (double.NaN, 0) : (kb, count);
    }
}
