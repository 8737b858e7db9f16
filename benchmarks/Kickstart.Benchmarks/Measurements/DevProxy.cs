using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>How much 10 does for a given n (a quick run does less of everything).</summary>
internal sealed record DevProxyPlan(int N)
{
    public const string WrkShape = "-t2 -c32";

    public int LatencyRequests => N <= 5 ? 1000 : 5000;
    public int WarmUpRequests => N <= 5 ? 500 : 2000;
    public int WrkSeconds => N <= 5 ? 3 : 10;
    public int WrkRounds => N <= 5 ? 1 : 2;
    public int ReloadCount => N <= 5 ? 10 : 100;
}

internal sealed record WrkRun(string Target, double RequestsPerSecond, long Requests, long Non2xx, string SocketErrors, string LatencyP50, string LatencyP99, double ProxyCpuSeconds, double ServerCpuSeconds, double Seconds);

/// <summary>What one client saw during the reloads of 10c (filled by its thread, under a lock on the object).</summary>
internal sealed class ReloadClientResult
{
    public ReloadClientResult(string target, string client) { Target = target; Client = client; }
    public string Target { get; }
    public string Client { get; }
    public long Requests;
    public long Failures;
    public readonly Dictionary<string, long> Kinds = new();
    public double MaxMs;
    public long Over100Ms;
    public readonly List<string> FirstFailures = new();

    public string FailureKinds() =>
        Kinds.Count == 0 ? "none" : string.Join(", ", Kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} ×{k.Value}"));
}

/// <summary>10. The dev proxy: its idle cost, added latency, throughput, and failed requests while reloading.</summary>
internal sealed record DevProxyResult(DevProxyPlan Plan)
{
    public int ProxyPort { get; init; }
    public int ServerPort { get; init; }
    /// <summary>The watch's start-up line with the proxy in front.</summary>
    public string StartNote { get; init; } = "";
    public string Idle { get; init; } = "";
    public int LatencyWarmUp { get; init; }
    public List<double> LatencyDirectUs { get; } = new();
    public List<double> LatencyProxyUs { get; } = new();
    public List<double> LatencyPairDiffUs { get; } = new();
    public string WrkVersion { get; init; } = "";
    public List<WrkRun> WrkRuns { get; } = new();
    public List<ReloadClientResult> ReloadResults { get; } = new();
    public Dictionary<string, Series> ReloadEditToServed { get; } = new();
    public List<string> Notes { get; } = new();

    public double MeanRequestsPerSecond(string target) =>
        WrkRuns.Where(r => r.Target == target).Select(r => r.RequestsPerSecond).DefaultIfEmpty(double.NaN).Average();

    public double WrkRatio => MeanRequestsPerSecond("proxy") / MeanRequestsPerSecond("direct");

    public long ProxyReloadFailures => ReloadResults.Where(r => r.Target == "proxy").Sum(r => r.Failures);
}

/// <summary>
/// 10. The dev proxy, in one watch session started with both `-p:KickstartProxyUrl=http://127.0.0.1:P1` and
/// `-p:KickstartServerUrl=http://127.0.0.1:P2`, so the proxy and the Go server behind it can each be hit directly:
/// (a) added latency per request (sequential keep-alive GETs, direct and through the proxy alternately),
/// (b) throughput with wrk, direct vs through the proxy,
/// (c) failed requests while 100 edits are rebuilt and served, through the proxy, and then in a second watch without
/// the proxy on P2 (the figure without it).
/// </summary>
internal sealed class DevProxy
{
    private static readonly Regex WrkRequestsPerSecond = new(@"Requests/sec:\s+([\d.]+)", RegexOptions.Compiled);
    private static readonly Regex WrkTotal = new(@"(\d+) requests in ([\d.]+)(\w+),", RegexOptions.Compiled);
    private static readonly Regex WrkNon2xx = new(@"Non-2xx or 3xx responses: (\d+)", RegexOptions.Compiled);
    private static readonly Regex WrkSocketErrors = new(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", RegexOptions.Compiled);
    private static readonly Regex WrkPercentile = new(@"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Compiled | RegexOptions.Multiline);

    public static string WrkInstallHint =>
        "wrk (the HTTP load generator) is not on PATH; the dev proxy benchmark needs it: `sudo apt-get install -y wrk` (Debian/Ubuntu).";

    private readonly BenchmarkContext _context;
    private readonly DevProxyPlan _plan;
    private int _proxyPort, _serverPort;
    private DevProxyResult _result;

    public DevProxy(BenchmarkContext context)
    {
        _context = context;
        _plan = new DevProxyPlan(context.N);
        _result = new DevProxyResult(_plan);
    }

    // ------------------------------------------------------------------ the phase

    public DevProxyResult Run()
    {
        _proxyPort = FreePort.Find();
        _serverPort = FreePort.Find();
        while (_serverPort == _proxyPort) _serverPort = FreePort.Find();
        string wrkVersion = Machine.Command("wrk", "--version").Split('\n')[0].Split(" Copyright")[0].Trim();
        _result = new DevProxyResult(_plan) { ProxyPort = _proxyPort, ServerPort = _serverPort, WrkVersion = wrkVersion, LatencyWarmUp = _plan.WarmUpRequests };
        BenchmarkContext.Log($"10. dev proxy: watch with KickstartProxyUrl=http://127.0.0.1:{_proxyPort} and KickstartServerUrl=http://127.0.0.1:{_serverPort}");
        using WatchProcess w = _context.StartWatch(_context.Workspace.ProjectPath, _serverPort, new[] { $"-p:KickstartProxyUrl=http://127.0.0.1:{_proxyPort}" });
        var first = w.WaitForLine(WatchLines.Started, 0, TimeSpan.FromSeconds(120));
        if (first is null)
            throw new InvalidOperationException("no 'kickstart: built … started' line with the proxy:\n" + w.Output);
        _result = _result with { StartNote = first.Value.Line.Trim() };
        if (Probe.PollUntil(_serverPort, "/api/status", null, TimeSpan.FromSeconds(30), () => w.HasExited) == 0 ||
            Probe.PollUntil(_proxyPort, "/api/status", null, TimeSpan.FromSeconds(30), () => w.HasExited) == 0)
            throw new InvalidOperationException("the server or the proxy never answered:\n" + w.Output);
        var proxyProcess = SessionProcesses(w.Pid).FirstOrDefault(p => p.CommandLine.Contains("Kickstart.DevProxy", StringComparison.Ordinal));
        if (proxyProcess is null)
            _result.Notes.Add("no process with Kickstart.DevProxy on its command line was found in the watch's session.");
        Thread.Sleep(500);
        _context.Interference.Mark("10. proxy: watch start-up");

        // Idle: what the session (build process, proxy, server) uses with nobody sending requests.
        var idleBefore = SessionProcesses(w.Pid).ToDictionary(p => p.Pid);
        long i0 = Stopwatch.GetTimestamp();
        Thread.Sleep(5000);
        var idleAfter = SessionProcesses(w.Pid);
        double idleSeconds = Stopwatch.GetElapsedTime(i0).TotalSeconds;
        string idle = $"{idleSeconds:0.0} s with no requests: " + string.Join(", ", idleAfter.Select(p =>
            $"{(p.CommandLine.Contains("Kickstart.DevProxy", StringComparison.Ordinal) ? "proxy" : p.Command)}[{p.Pid}] " +
            $"{(p.CpuTicks - (idleBefore.TryGetValue(p.Pid, out var b) ? b.CpuTicks : 0)) * 1000 / Machine.ClockTicksPerSecond} ms"));
        _result = _result with { Idle = idle };
        BenchmarkContext.Log($"   idle: {idle}");
        _context.Interference.Mark("10. proxy: idle");

        ProxyLatency();
        _context.Interference.Mark("10a. latency");
        ProxyThroughput(w.Pid);
        _context.Interference.Mark("10b. wrk");
        ProxyReloads(w, "proxy", _proxyPort);
        _context.Interference.Mark("10c. reloads via proxy");

        _context.StopWatch(w, "10 (dev proxy)");
        // The proxy is a process of the watch's session (checked by StopWatch); its port and the server's must be free.
        if (Probe.TryConnect(_proxyPort))
            _context.Leaks.Add($"10: the proxy port {_proxyPort} still accepted connections after the watch stopped");
        if (Probe.TryConnect(_serverPort))
            _context.Leaks.Add($"10: the server port {_serverPort} still accepted connections after the watch stopped");
        _context.Interference.Mark("10. proxy: stop");

        // Without the proxy: a watch of its own on the server's port, as a user without KickstartProxyUrl runs it (one
        // port, the old server stopped before the new one starts). Not the proxy's watch with the clients on its
        // server's port: behind the proxy a reload may start the new server on a fresh port (blue/green).
        using (WatchProcess direct = _context.StartWatch(_context.Workspace.ProjectPath, _serverPort))
        {
            if (Probe.PollUntil(_serverPort, "/api/status", null, TimeSpan.FromSeconds(120), () => direct.HasExited) == 0)
                throw new InvalidOperationException("the watch without the proxy never served:\n" + direct.Output);
            Thread.Sleep(500);
            ProxyReloads(direct, "direct", _serverPort);
            _context.StopWatch(direct, "10 (without the proxy)");
        }
        _context.Interference.Mark("10c. reloads direct");
        return _result;
    }

    private sealed record SessionProcess(int Pid, string Command, string CommandLine, long CpuTicks);

    private static List<SessionProcess> SessionProcesses(int session) =>
        ProcessTable.LiveInSession(session).Select(p =>
        {
            string cmdline = "";
            try { cmdline = File.ReadAllText($"/proc/{p.Pid}/cmdline").Replace('\0', ' '); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return new SessionProcess(p.Pid, p.Command, cmdline, p.CpuTicks);
        }).ToList();

    // ------------------------------------------------------------------ 10a. latency

    /// <summary>Sequential GETs, alternating direct / proxy, each over its own keep-alive connection.</summary>
    private void ProxyLatency()
    {
        BenchmarkContext.Log($"10a. latency: {_plan.WarmUpRequests} warm-up + {_plan.LatencyRequests} measured sequential GET /api/status each way, alternating, keep-alive");
        using var direct = new HttpConnection(_serverPort, keepAlive: true, receiveTimeoutMs: 5000);
        using var proxy = new HttpConnection(_proxyPort, keepAlive: true, receiveTimeoutMs: 5000);
        for (int i = 0; i < _plan.WarmUpRequests; i++)
        {
            Expect200(direct.Get("/api/status"), "direct warm-up");
            Expect200(proxy.Get("/api/status"), "proxy warm-up");
        }
        int reconnectsBefore = direct.Connects + proxy.Connects;
        for (int i = 0; i < _plan.LatencyRequests; i++)
        {
            // Alternate which goes first so neither side always runs right after the other's wake-up.
            double d, p;
            if (i % 2 == 0) { d = TimeGet(direct, "direct"); p = TimeGet(proxy, "proxy"); }
            else { p = TimeGet(proxy, "proxy"); d = TimeGet(direct, "direct"); }
            _result.LatencyDirectUs.Add(d);
            _result.LatencyProxyUs.Add(p);
            _result.LatencyPairDiffUs.Add(p - d);
        }
        if (direct.Connects + proxy.Connects != reconnectsBefore)
            _result.Notes.Add($"10a: {direct.Connects + proxy.Connects - reconnectsBefore} reconnects during the measured requests (a keep-alive connection was closed by the other side).");
        BenchmarkContext.Log($"   direct p50 {Series.Percentile(_result.LatencyDirectUs, 50):0} µs p99 {Series.Percentile(_result.LatencyDirectUs, 99):0} µs; proxy p50 {Series.Percentile(_result.LatencyProxyUs, 50):0} µs p99 {Series.Percentile(_result.LatencyProxyUs, 99):0} µs");
    }

    private static double TimeGet(HttpConnection c, string what)
    {
        long t0 = Stopwatch.GetTimestamp();
        var r = c.Get("/api/status");
        long t1 = Stopwatch.GetTimestamp();
        Expect200(r, what);
        return Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds;
    }

    private static void Expect200((int Status, string Body) r, string what)
    {
        if (r.Status != 200)
            throw new InvalidOperationException($"{what}: HTTP {r.Status}");
    }

    // ------------------------------------------------------------------ 10b. throughput

    private void ProxyThroughput(int session)
    {
        BenchmarkContext.Log($"10b. throughput: wrk {DevProxyPlan.WrkShape} -d{_plan.WrkSeconds}s --latency, direct then proxy, {_plan.WrkRounds} round(s)");
        // Warm-up of the proxy's (and the server's) hot paths under concurrency; not recorded.
        RunWrk($"http://127.0.0.1:{_proxyPort}/api/status", 2, session, "warm-up");
        for (int round = 0; round < _plan.WrkRounds; round++)
        {
            _result.WrkRuns.Add(RunWrk($"http://127.0.0.1:{_serverPort}/api/status", _plan.WrkSeconds, session, "direct"));
            _result.WrkRuns.Add(RunWrk($"http://127.0.0.1:{_proxyPort}/api/status", _plan.WrkSeconds, session, "proxy"));
        }
        foreach (var r in _result.WrkRuns)
            BenchmarkContext.Log($"   {r.Target}: {r.RequestsPerSecond:0} req/s, p50 {r.LatencyP50}, p99 {r.LatencyP99}, non-2xx {r.Non2xx}, socket errors {r.SocketErrors}; CPU proxy {r.ProxyCpuSeconds:0.0} s, server {r.ServerCpuSeconds:0.0} s");
    }

    private WrkRun RunWrk(string url, int seconds, int session, string target)
    {
        var psi = new ProcessStartInfo("wrk");
        foreach (string a in DevProxyPlan.WrkShape.Split(' ')) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add($"-d{seconds}s");
        psi.ArgumentList.Add("--latency");
        psi.ArgumentList.Add(url);
        var before = SessionProcesses(session).ToDictionary(p => p.Pid);
        var r = Procs.Run(psi, TimeSpan.FromSeconds(seconds + 60));
        var after = SessionProcesses(session);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"wrk failed ({r.ExitCode}):\n{r.Output}");
        double Cpu(Func<SessionProcess, bool> which) =>
            after.Where(which).Sum(p => p.CpuTicks - (before.TryGetValue(p.Pid, out var b) ? b.CpuTicks : 0)) / (double)Machine.ClockTicksPerSecond;
        string Pct(string p)
        {
            foreach (Match m in WrkPercentile.Matches(r.Output))
                if (m.Groups[1].Value == p) return m.Groups[2].Value + m.Groups[3].Value.Replace("us", "µs");
            return "n/a";
        }
        var rps = WrkRequestsPerSecond.Match(r.Output);
        var total = WrkTotal.Match(r.Output);
        var non2xx = WrkNon2xx.Match(r.Output);
        var sock = WrkSocketErrors.Match(r.Output);
        if (!rps.Success)
            throw new InvalidOperationException("could not read wrk's output:\n" + r.Output);
        return new WrkRun(
            target,
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            total.Success ? long.Parse(total.Groups[1].Value) : -1,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value) : 0,
            sock.Success ? $"connect {sock.Groups[1].Value}, read {sock.Groups[2].Value}, write {sock.Groups[3].Value}, timeout {sock.Groups[4].Value}" : "none",
            Pct("50"), Pct("99"),
            Cpu(p => p.CommandLine.Contains("Kickstart.DevProxy", StringComparison.Ordinal)),
            Cpu(p => p.Command.StartsWith("GoServer", StringComparison.Ordinal)),
            seconds);
    }

    // ------------------------------------------------------------------ 10c. reloads under a continuous client

    /// <summary>
    /// Two clients run for the whole procedure, each sequential with ~1 ms between requests: one opens a new TCP
    /// connection per request (`Connection: close`), one keeps a connection alive (and reconnects after an error).
    /// Each edit sets a new Greeting; the next edit follows once both clients have been served it and the watch has
    /// printed its status line.
    /// </summary>
    private void ProxyReloads(WatchProcess w, string target, int port)
    {
        BenchmarkContext.Log($"10c. {_plan.ReloadCount} reloads with continuous clients on {target} (port {port})");
        var perRequest = new ReloadClientResult(target, "connection per request");
        var keepAlive = new ReloadClientResult(target, "keep-alive");
        var served = new Series($"edit → served to both clients, {target}");
        string? current = null;
        string?[] seen = new string?[2];
        bool stop = false;
        var threads = new[] { perRequest, keepAlive }.Select((result, index) => new Thread(() =>
        {
            HttpConnection? connection = null;
            try
            {
                while (!Volatile.Read(ref stop))
                {
                    string? want = Volatile.Read(ref current);
                    connection ??= new HttpConnection(port, keepAlive: index == 1, receiveTimeoutMs: 30000);
                    long t0 = Stopwatch.GetTimestamp();
                    string? failure = null;
                    try
                    {
                        var r = connection.Get("/api/status");
                        if (r.Status is < 200 or > 299)
                            failure = $"HTTP {r.Status}";
                        else if (want is not null && r.Body.Contains(want, StringComparison.Ordinal))
                            Volatile.Write(ref seen[index], want);
                    }
                    catch (HttpFailure e)
                    {
                        failure = e.Kind;
                    }
                    double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    if (index == 0 || failure is not null || !connection.IsOpen)
                    {
                        connection.Dispose();
                        connection = null;
                    }
                    lock (result)
                    {
                        result.Requests++;
                        result.MaxMs = Math.Max(result.MaxMs, ms);
                        if (ms > 100) result.Over100Ms++;
                        if (failure is not null)
                        {
                            result.Failures++;
                            result.Kinds[failure] = result.Kinds.GetValueOrDefault(failure) + 1;
                            if (result.FirstFailures.Count < 5)
                                result.FirstFailures.Add($"{failure} after {ms:0.0} ms (reload of '{want}')");
                        }
                    }
                    Thread.Sleep(1);
                }
            }
            finally
            {
                connection?.Dispose();
            }
        })
        { IsBackground = true, Name = $"reload-client-{target}-{index}" }).ToList();
        foreach (var t in threads) t.Start();
        Thread.Sleep(500); // both clients running against the steady server first
        try
        {
            for (int i = 1; i <= _plan.ReloadCount; i++)
            {
                string g = _context.Unique($"{target}-reload-{i}");
                int from = w.LineCount;
                Volatile.Write(ref current, g);
                long t0 = Stopwatch.GetTimestamp();
                _context.Workspace.WriteInPlace(g);
                bool ok = Poll.Until(() => Volatile.Read(ref seen[0]) == g && Volatile.Read(ref seen[1]) == g, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(1));
                if (!ok)
                    throw new InvalidOperationException($"'{g}' was not served to both clients on {target} within 60 s:\n" + w.Output);
                served.Add(BenchmarkContext.Ms(t0, Stopwatch.GetTimestamp()));
                if (w.WaitForLine(WatchProcess.StatusLine, from, TimeSpan.FromSeconds(30)) is null)
                    _result.Notes.Add($"10c ({target}, reload {i}): no status line within 30 s of serving.");
            }
            Thread.Sleep(500); // and the steady server after the last reload
        }
        finally
        {
            Volatile.Write(ref stop, true);
            foreach (var t in threads) t.Join(TimeSpan.FromSeconds(40));
        }
        _result.ReloadResults.Add(perRequest);
        _result.ReloadResults.Add(keepAlive);
        _result.ReloadEditToServed[target] = served;
        foreach (var r in new[] { perRequest, keepAlive })
            BenchmarkContext.Log($"   {target}, {r.Client}: {r.Failures} failed of {r.Requests} ({r.FailureKinds()}); slowest {r.MaxMs:0} ms, {r.Over100Ms} over 100 ms");
        BenchmarkContext.Log($"   {served}");
    }
}
