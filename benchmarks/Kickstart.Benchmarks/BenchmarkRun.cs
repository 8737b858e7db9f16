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
    private readonly string _repoRoot;
    private readonly string _packagesDir;
    private readonly string _sdkVersion;
    private BenchmarkContext? _context;
    private Workspace? _ws;

    public BenchmarkRun(int n, string commandLine, bool proxyOnly)
    {
        Results = new BenchmarkResults(n, commandLine, proxyOnly);
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
        EnsurePackage();
        _ws = new Workspace(_repoRoot, _packagesDir, _sdkVersion);
        Results.Go = _ws.RealGo;
        var context = _context = new BenchmarkContext(Results.N, _ws, interference, Results.Notes, Results.Leaks);
        BenchmarkContext.Log($"workspace {_ws.Root}; n = {Results.N}");
        WarmUp(context);
        interference.Mark("set-up and warm-up");
        if (Results.ProxyOnly)
        {
            Results.DevProxy = new DevProxy(context).Run();
            Results.Duration = total.Elapsed;
            return;
        }

        Results.Floor = new Floor(context).Run();
        interference.Mark("1. floor");
        Results.DotnetBuild = new DotnetBuild(context).Run();
        interference.Mark("2. dotnet build");
        using (WatchProcess w = WatchSession.Start(context))
        {
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
        Results.Startup = new Startup(context).Run();
        interference.Mark("7. start to first response");
        Results.LargeTree = new LargeTree(context).Run();
        interference.Mark("9. 20,000 directories");
        Results.DevProxy = new DevProxy(context).Run();
        Results.Duration = total.Elapsed;
    }

    private void EnsurePackage()
    {
        string package = Path.Combine(_packagesDir, $"Kickstart.Sdk.{_sdkVersion}.nupkg");
        if (File.Exists(package))
        {
            BenchmarkContext.Log($"package {package} ({File.GetLastWriteTimeUtc(package):u})");
            return;
        }
        BenchmarkContext.Log("building the SDK package: dotnet build src/Kickstart.Sdk");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = _repoRoot };
        foreach (string a in new[] { "build", "src/Kickstart.Sdk", "-nologo", "-tl:off" }) psi.ArgumentList.Add(a);
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var r = Procs.Run(psi, TimeSpan.FromMinutes(10));
        if (r.ExitCode != 0 || !File.Exists(package))
            throw new InvalidOperationException("dotnet build src/Kickstart.Sdk failed:\n" + r.Output);
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
    }
}
