using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Kickstart.Benchmarks.Measurements;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks;

/// <summary>
/// One run: the package, the workspace and its warm-up, then the measurements in their order (each recorded in
/// <see cref="Results"/> as soon as it returns), the interference marks between them, and the final check that
/// nothing this run started is still running.
/// </summary>
internal sealed class BenchmarkRun
{
    private readonly BenchmarkOptions _options;
    private readonly string _repoRoot;
    private readonly string _packagesDir;
    private readonly string _sdkVersion;
    private BenchmarkContext? _context;
    private Workspace? _ws;
    private SdkPackage? _package;

    public BenchmarkRun(BenchmarkOptions options, string commandLine)
    {
        _options = options;
        Results = new BenchmarkResults(options, commandLine);
        string Meta(string key) => typeof(BenchmarkRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        _repoRoot = Path.GetFullPath(Meta("RepoRoot"));
        _packagesDir = Path.GetFullPath(Meta("KickstartPackagesDir"));
        _sdkVersion = Meta("KickstartVersion");
    }

    public BenchmarkResults Results { get; }

    public void Run()
    {
        var total = Stopwatch.StartNew();
        if (Procs.ResetInheritedSigintIgnore())
            Results.Notes.Add("this program was started with SIGINT ignored (a background job of a non-interactive shell); it reset SIGINT to its default so that the watches it starts receive Ctrl+C.");
        var interference = new Interference();
        Results.Interference = interference.Phases;
        _package = SdkPackage.Resolve(_options, _repoRoot, _packagesDir, _sdkVersion);
        Results.Package = _package.Description;
        _ws = new Workspace(_repoRoot, _package.Dir, _package.Version);
        Results.Go = _ws.RealGo;
        var context = _context = new BenchmarkContext(Results.N, _ws, interference, Results.Notes, Results.Leaks, _options.Properties, _options.Environment);
        BenchmarkContext.Log($"workspace {_ws.Root}; n = {Results.N}");
        WarmUp(context);
        interference.Mark("set-up and warm-up");
        if (Results.ProxyOnly)
        {
            Results.DevProxy = new DevProxy(context).Run();
            Results.Duration = total.Elapsed;
            return;
        }

        if (_options.Runs("floor"))
        {
            Results.Floor = new Floor(context).Run();
            interference.Mark("1. floor");
        }
        if (_options.Runs("dotnet-build"))
        {
            Results.DotnetBuild = new DotnetBuild(context).Run();
            interference.Mark("2. dotnet build");
        }
        if (_options.Runs("watch"))
        {
            using WatchProcess w = WatchSession.Start(context);
            interference.Mark("3. watch start-up");
            Results.EditToServing = new EditToServing(context).Run(w);
            interference.Mark("3/4. reloads");
            Results.Burst = new Burst(context).Run(w);
            interference.Mark("5. burst");
            Results.IdleCpu = new IdleCpu().Run(w);
            interference.Mark("6. idle");
            Results.Memory = new Memory(context).Run(w);
            interference.Mark("8. stop");
        }
        if (_options.Runs("startup"))
        {
            Results.Startup = new Startup(context).Run();
            interference.Mark("7. start to first response");
        }
        if (_options.Runs("tree"))
        {
            Results.LargeTree = new LargeTree(context).Run();
            interference.Mark("9. 20,000 directories");
        }
        if (_options.Runs("proxy"))
        {
            Results.DevProxy = new DevProxy(context).Run();
            interference.Mark("10. dev proxy");
        }
        RunIssue9Measurements(context, interference);
        Results.Duration = total.Elapsed;
    }

    /// <summary>
    /// 11–15 (issue 9): each on a module of its own that the benchmark generates, each guarded so that one that fails
    /// (a feature the measured package lacks, say) leaves its record empty — n/a in the report — and the rest still run.
    /// </summary>
    private void RunIssue9Measurements(BenchmarkContext context, Interference interference)
    {
        if (_options.Runs("large") || _options.Runs("buildvcs"))
            RunLargeModule(context, interference);
        if (_options.Runs("small"))
        {
            Guard("13. second small server", () => Results.SmallServer = new SmallServerReloads(context).Run());
            interference.Mark("13. second small server");
        }
        if (_options.Runs("services"))
        {
            Guard("14. two services", () => Results.TwoServices = new TwoServiceReloads(context).Run());
            interference.Mark("14. two services");
        }
        if (_options.Runs("content"))
        {
            Guard("15. content edits", () => Results.Content = new ContentEdits(context).Run());
            interference.Mark("15. content edits");
        }
    }

    /// <summary>11 and 12 share the generated module (made once: 20,000 directories take a while to write).</summary>
    private void RunLargeModule(BenchmarkContext context, Interference interference)
    {
        (Fixtures.GoModule Module, Fixtures.LargeModule.Shape Shape, double Ms)? large = null;
        Guard("11/12. generating the large module", () => large = LargeModuleReloads.Generate(context));
        if (large is not { } generated)
            return;
        var (module, shape, ms) = generated;
        if (_options.Runs("large"))
        {
            Guard("11. large module", () => Results.LargeModule = new LargeModuleReloads(context, _options.MemoryReloads).Run(module, shape, ms));
            interference.Mark("11. large module");
        }
        if (_options.Runs("buildvcs"))
        {
            Guard("12. -buildvcs", () => Results.BuildVcs = new BuildVcs(context).Run(module));
            interference.Mark("12. -buildvcs");
        }
    }

    private void Guard(string what, Action measure)
    {
        try
        {
            measure();
        }
        catch (Exception e)
        {
            string message = e.Message.Length > 3000 ? e.Message[..1500] + "\n…\n" + e.Message[^1500..] : e.Message;
            Results.Notes.Add($"{what} failed, its figures are n/a: {message}");
            BenchmarkContext.Log($"   {what} FAILED: {message}");
        }
    }

    private static void WarmUp(BenchmarkContext context)
    {
        BenchmarkContext.Log("warm-up: restore the package into the workspace cache, first builds");
        context.DotnetBuild(recordGo: true, "warm-up");
        context.GoBuild(true);
        context.GoBuild(false);
    }

    /// <summary>Whatever of this run is still alive is a leak: recorded, then killed (only sessions and PIDs this run started).</summary>
    public void Cleanup(bool keep)
    {
        var sessions = _context?.Sessions.ToList() ?? new();
        var startedPids = _context?.StartedPids ?? Array.Empty<int>();
        foreach (int session in sessions)
        {
            var left = ProcessTable.LiveInSession(session);
            if (left.Count > 0)
            {
                Results.Leaks.Add($"session {session} still had {string.Join(", ", left.Select(p => $"{p.Pid} {p.Command}"))} at the end (killed)");
                ProcessTable.KillSession(session);
            }
        }
        foreach (int pid in startedPids)
        {
            if (ProcessTable.IsAlive(pid))
            {
                Results.Leaks.Add($"server {pid} still alive at the end (killed)");
                ProcessTable.Signal(pid, ProcessTable.SIGKILL);
            }
        }
        bool clean = Poll.Until(() => sessions.All(s => ProcessTable.LiveInSession(s).Count == 0) && startedPids.All(p => !ProcessTable.IsAlive(p)), TimeSpan.FromSeconds(5));
        BenchmarkContext.Log($"cleanup: {sessions.Count} watch sessions and {startedPids.Count} directly started servers checked; {(clean ? "nothing left running" : "SOMETHING IS STILL RUNNING")}");
        if (!clean) Results.Leaks.Add("after cleanup something was still running");
        if (!keep) _ws?.Dispose();
        _ws = null;
        _package?.Dispose();
        _package = null;
    }
}
