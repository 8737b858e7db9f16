using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Kickstart.Benchmarks.Fixtures;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>14. Two services of one module watched as a solution: a shared change (both affected) vs an api-only one (the worker not).</summary>
internal sealed record TwoServiceResult
{
    public Series SharedApi { get; } = new("shared change → api serves it");
    public Series SharedWorker { get; } = new("shared change → worker serves it");
    /// <summary>Both served: the later of the two (how long the whole change took).</summary>
    public Series SharedBoth { get; } = new("shared change → both serve it");
    public Series ApiOnlyApi { get; } = new("api-only change → api serves it");
    public int ApiOnlyEdits { get; set; }
    /// <summary>Api-only edits after which the worker said it built (`[worker] … built N ms …` or `build failed`).</summary>
    public int WorkerRebuilt { get; set; }
    /// <summary>Api-only edits after which the worker printed any line about the change (`[worker] kickstart: 1 file changed …`).</summary>
    public int WorkerSawChange { get; set; }
    /// <summary>Api-only edits after which the worker ran as a new process (its pid changed).</summary>
    public int WorkerRestarted { get; set; }
    /// <summary>`go build` invocations (recording go on PATH) during the api-only edits, per edit.</summary>
    public List<int> GoCallsPerApiOnlyEdit { get; } = new();
    public string Note { get; set; } = "";
}

internal sealed class TwoServiceReloads
{
    private static readonly Regex Pid = new("\"pid\":(\\d+)", RegexOptions.Compiled);
    /// <summary>A line saying a build ran, however it ended (the watch's own wording: built N ms, build failed after N ms).</summary>
    private static readonly Regex Built = new(@"built (?:in )?\d+ ms|build failed after \d+ ms", RegexOptions.Compiled);
    private readonly BenchmarkContext _context;

    public TwoServiceReloads(BenchmarkContext context) => _context = context;

    public TwoServiceResult Run()
    {
        int n = _context.N;
        var result = new TwoServiceResult();
        Workspace ws = _context.Workspace;
        var ports = TwoServices.Services.ToDictionary(s => s, _ => FreePort.Find());
        while (ports["worker"] == ports["api"]) ports["worker"] = FreePort.Find();
        string dir = Path.Combine(ws.Root, "services");
        TwoServices services = TwoServices.Create(dir, ws.SdkVersion, ports, args => Procs.Run(ws.Dotnet(args, workingDirectory: dir)));
        BenchmarkContext.Log($"14. two services in one module as a solution (api :{ports["api"]}, worker :{ports["worker"]}): {n} shared and {n} api-only edits");
        BenchmarkContext.MustRun(ws.Dotnet(new[] { "build", services.Solution, "-tl:off", "-nologo" }, workingDirectory: dir), "14: dotnet build services.sln");
        using WatchProcess w = _context.StartWatch(services.Solution, 0, recordGo: true);
        foreach (var (service, port) in ports)
        {
            if (Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(180), () => w.HasExited) == 0)
                throw new InvalidOperationException($"14: {service} never served:\n" + w.Output);
        }
        Thread.Sleep(500);
        for (int i = 0; i < n; i++)
        {
            string g = _context.Unique($"shared-{i}");
            long t0 = Stopwatch.GetTimestamp();
            services.Shared.Write(EditToServingResult.Styles[i % 2], g);
            var served = PollAll(ports, g, TimeSpan.FromSeconds(60));
            if (served.Values.Any(t => t == 0))
                throw new InvalidOperationException($"14: shared '{g}' not served by {string.Join(", ", served.Where(kv => kv.Value == 0).Select(kv => kv.Key))}:\n" + w.Output);
            result.SharedApi.Add(BenchmarkContext.Ms(t0, served["api"]));
            result.SharedWorker.Add(BenchmarkContext.Ms(t0, served["worker"]));
            result.SharedBoth.Add(BenchmarkContext.Ms(t0, served.Values.Max()));
            Thread.Sleep(300);
        }
        for (int i = 0; i < n; i++)
        {
            string g = _context.Unique($"apionly-{i}");
            string? workerPid = PidOf(ports["worker"]);
            int from = w.LineCount;
            int goCalls = ws.GoBuildCallCount();
            long t0 = Stopwatch.GetTimestamp();
            services.ApiOnly.Write(EditToServingResult.Styles[i % 2], g);
            long t1 = Probe.PollUntil(ports["api"], "/api/status", g, TimeSpan.FromSeconds(60), () => w.HasExited);
            if (t1 == 0)
                throw new InvalidOperationException($"14: api-only '{g}' never served:\n" + w.Output);
            result.ApiOnlyApi.Add(BenchmarkContext.Ms(t0, t1));
            // Long enough for a worker rebuild of the same change to show (it would run beside the api's).
            Thread.Sleep(1500);
            result.ApiOnlyEdits++;
            var workerLines = w.LinesFrom(from).Where(l => l.Line.Contains("[worker]", StringComparison.Ordinal)).ToList();
            if (workerLines.Any(l => Built.IsMatch(l.Line)))
                result.WorkerRebuilt++;
            if (workerLines.Any(l => WatchProcess.StatusLine.IsMatch(l.Line)))
                result.WorkerSawChange++;
            if (PidOf(ports["worker"]) != workerPid)
                result.WorkerRestarted++;
            result.GoCallsPerApiOnlyEdit.Add(ws.GoBuildCallCount() - goCalls);
        }
        BenchmarkContext.Log($"   {result.SharedApi}; {result.SharedWorker}; {result.ApiOnlyApi}; worker rebuilt after {result.WorkerRebuilt} and restarted after {result.WorkerRestarted} of {result.ApiOnlyEdits} api-only edits");
        _context.StopWatch(w, "14");
        return result;
    }

    private static string? PidOf(int port) => Probe.Get(port, "/api/status") is { Status: 200 } r && Pid.Match(r.Body) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Polls every service in turn (~1 ms a round) until each served <paramref name="text"/>; the timestamp each first did (0: never).</summary>
    private static Dictionary<string, long> PollAll(IReadOnlyDictionary<string, int> ports, string text, TimeSpan deadline)
    {
        var served = ports.Keys.ToDictionary(k => k, _ => 0L);
        long start = Stopwatch.GetTimestamp();
        while (served.Values.Any(t => t == 0) && Stopwatch.GetElapsedTime(start) < deadline)
        {
            foreach (var (service, port) in ports)
            {
                if (served[service] == 0 && Probe.Get(port, "/api/status") is { Status: 200 } r && r.Body.Contains(text, StringComparison.Ordinal))
                    served[service] = Stopwatch.GetTimestamp();
            }
            Thread.Sleep(1);
        }
        return served;
    }
}
