using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace Kickstart.Benchmarks;

/// <summary>
/// 10. The dev proxy, in one watch session started with both `-p:KickstartProxyUrl=http://127.0.0.1:P1` and
/// `-p:KickstartServerUrl=http://127.0.0.1:P2`, so the proxy and the Go server behind it can each be hit directly:
/// (a) added latency per request (sequential keep-alive GETs, direct and through the proxy alternately),
/// (b) throughput with wrk, direct vs through the proxy,
/// (c) failed requests while 100 edits are rebuilt and served, through the proxy and directly.
/// </summary>
internal sealed partial class Benchmark
{
    private static readonly Regex WrkRequestsPerSecond = new(@"Requests/sec:\s+([\d.]+)", RegexOptions.Compiled);
    private static readonly Regex WrkTotal = new(@"(\d+) requests in ([\d.]+)(\w+),", RegexOptions.Compiled);
    private static readonly Regex WrkNon2xx = new(@"Non-2xx or 3xx responses: (\d+)", RegexOptions.Compiled);
    private static readonly Regex WrkSocketErrors = new(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", RegexOptions.Compiled);
    private static readonly Regex WrkPercentile = new(@"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Compiled | RegexOptions.Multiline);

    public static string WrkInstallHint =>
        "wrk (the HTTP load generator) is not on PATH; the dev proxy benchmark needs it: `sudo apt-get install -y wrk` (Debian/Ubuntu).";

    private int ProxyLatencyRequests => _n <= 5 ? 1000 : 5000;
    private int ProxyWarmUpRequests => _n <= 5 ? 500 : 2000;
    private int WrkSeconds => _n <= 5 ? 3 : 10;
    private int WrkRounds => _n <= 5 ? 1 : 2;
    private int ProxyReloadCount => _n <= 5 ? 10 : 100;
    private const string WrkShape = "-t2 -c32";

    // 10a
    private readonly List<double> _latencyDirectUs = new();
    private readonly List<double> _latencyProxyUs = new();
    private readonly List<double> _latencyPairDiffUs = new();
    private int _latencyWarmUp;
    // 10b
    private readonly List<WrkRun> _wrkRuns = new();
    private string _wrkVersion = "";
    // 10c
    private readonly List<ReloadClientResult> _reloadResults = new();
    private readonly Dictionary<string, Series> _reloadEditToServed = new();
    private int _proxyPort, _serverPort;
    private string _proxyStartNote = "";
    private string _proxyIdle = "";
    private readonly List<string> _proxyNotes = new();

    private sealed record WrkRun(string Target, double RequestsPerSecond, long Requests, long Non2xx, string SocketErrors, string LatencyP50, string LatencyP99, double ProxyCpuSeconds, double ServerCpuSeconds, double Seconds);

    private sealed class ReloadClientResult
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
    }

    // ------------------------------------------------------------------ the phase

    private void DevProxy()
    {
        _proxyPort = Probe.FreePort();
        _serverPort = Probe.FreePort();
        while (_serverPort == _proxyPort) _serverPort = Probe.FreePort();
        _wrkVersion = Machine.Command("wrk", "--version").Split('\n')[0].Split(" Copyright")[0].Trim();
        Log($"10. dev proxy: watch with KickstartProxyUrl=http://127.0.0.1:{_proxyPort} and KickstartServerUrl=http://127.0.0.1:{_serverPort}");
        using WatchProcess w = StartWatch(_ws!.ProjectPath, _serverPort, new[] { $"-p:KickstartProxyUrl=http://127.0.0.1:{_proxyPort}" });
        var first = w.WaitForLine(StartedLine, 0, TimeSpan.FromSeconds(120));
        if (first is null)
            throw new InvalidOperationException("no 'kickstart: built … started' line with the proxy:\n" + w.Output);
        _proxyStartNote = first.Value.Line.Trim();
        if (Probe.PollUntil(_serverPort, "/api/status", null, TimeSpan.FromSeconds(30), () => w.HasExited) == 0 ||
            Probe.PollUntil(_proxyPort, "/api/status", null, TimeSpan.FromSeconds(30), () => w.HasExited) == 0)
            throw new InvalidOperationException("the server or the proxy never answered:\n" + w.Output);
        var proxyProcess = SessionProcesses(w.Pid).FirstOrDefault(p => p.CommandLine.Contains("Kickstart.DevProxy", StringComparison.Ordinal));
        if (proxyProcess is null)
            _proxyNotes.Add("no process with Kickstart.DevProxy on its command line was found in the watch's session.");
        Thread.Sleep(500);
        _interference!.Mark("10. proxy: watch start-up");

        // Idle: what the session (build process, proxy, server) uses with nobody sending requests.
        var idleBefore = SessionProcesses(w.Pid).ToDictionary(p => p.Pid);
        long i0 = Stopwatch.GetTimestamp();
        Thread.Sleep(5000);
        var idleAfter = SessionProcesses(w.Pid);
        double idleSeconds = Stopwatch.GetElapsedTime(i0).TotalSeconds;
        _proxyIdle = $"{idleSeconds:0.0} s with no requests: " + string.Join(", ", idleAfter.Select(p =>
            $"{(p.CommandLine.Contains("Kickstart.DevProxy", StringComparison.Ordinal) ? "proxy" : p.Command)}[{p.Pid}] " +
            $"{(p.CpuTicks - (idleBefore.TryGetValue(p.Pid, out var b) ? b.CpuTicks : 0)) * 1000 / Machine.ClockTicksPerSecond} ms"));
        Log($"   idle: {_proxyIdle}");
        _interference.Mark("10. proxy: idle");

        ProxyLatency();
        _interference.Mark("10a. latency");
        ProxyThroughput(w.Pid);
        _interference.Mark("10b. wrk");
        ProxyReloads(w, "proxy", _proxyPort);
        _interference.Mark("10c. reloads via proxy");
        ProxyReloads(w, "direct", _serverPort);
        _interference.Mark("10c. reloads direct");

        StopWatch(w, "10 (dev proxy)");
        // The proxy is a process of the watch's session (checked by StopWatch); its port and the server's must be free.
        if (Probe.TryConnect(_proxyPort))
            _leaks.Add($"10: the proxy port {_proxyPort} still accepted connections after the watch stopped");
        if (Probe.TryConnect(_serverPort))
            _leaks.Add($"10: the server port {_serverPort} still accepted connections after the watch stopped");
        _interference.Mark("10. proxy: stop");
    }

    private sealed record SessionProcess(int Pid, string Command, string CommandLine, long CpuTicks);

    private static List<SessionProcess> SessionProcesses(int session) =>
        Procs.LiveInSession(session).Select(p =>
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
        Log($"10a. latency: {ProxyWarmUpRequests} warm-up + {ProxyLatencyRequests} measured sequential GET /api/status each way, alternating, keep-alive");
        using var direct = new HttpConnection(_serverPort, keepAlive: true, receiveTimeoutMs: 5000);
        using var proxy = new HttpConnection(_proxyPort, keepAlive: true, receiveTimeoutMs: 5000);
        _latencyWarmUp = ProxyWarmUpRequests;
        for (int i = 0; i < ProxyWarmUpRequests; i++)
        {
            Expect200(direct.Get("/api/status"), "direct warm-up");
            Expect200(proxy.Get("/api/status"), "proxy warm-up");
        }
        int reconnectsBefore = direct.Connects + proxy.Connects;
        for (int i = 0; i < ProxyLatencyRequests; i++)
        {
            // Alternate which goes first so neither side always runs right after the other's wake-up.
            double d, p;
            if (i % 2 == 0) { d = TimeGet(direct, "direct"); p = TimeGet(proxy, "proxy"); }
            else { p = TimeGet(proxy, "proxy"); d = TimeGet(direct, "direct"); }
            _latencyDirectUs.Add(d);
            _latencyProxyUs.Add(p);
            _latencyPairDiffUs.Add(p - d);
        }
        if (direct.Connects + proxy.Connects != reconnectsBefore)
            _proxyNotes.Add($"10a: {direct.Connects + proxy.Connects - reconnectsBefore} reconnects during the measured requests (a keep-alive connection was closed by the other side).");
        Log($"   direct p50 {Percentile(_latencyDirectUs, 50):0} µs p99 {Percentile(_latencyDirectUs, 99):0} µs; proxy p50 {Percentile(_latencyProxyUs, 50):0} µs p99 {Percentile(_latencyProxyUs, 99):0} µs");
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

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.OrderBy(v => v).ToList();
        int rank = (int)Math.Ceiling(p / 100 * s.Count);
        return s[Math.Clamp(rank - 1, 0, s.Count - 1)];
    }

    // ------------------------------------------------------------------ 10b. throughput

    private void ProxyThroughput(int session)
    {
        Log($"10b. throughput: wrk {WrkShape} -d{WrkSeconds}s --latency, direct then proxy, {WrkRounds} round(s)");
        // Warm-up of the proxy's (and the server's) hot paths under concurrency; not recorded.
        RunWrk($"http://127.0.0.1:{_proxyPort}/api/status", 2, session, "warm-up");
        for (int round = 0; round < WrkRounds; round++)
        {
            _wrkRuns.Add(RunWrk($"http://127.0.0.1:{_serverPort}/api/status", WrkSeconds, session, "direct"));
            _wrkRuns.Add(RunWrk($"http://127.0.0.1:{_proxyPort}/api/status", WrkSeconds, session, "proxy"));
        }
        foreach (var r in _wrkRuns)
            Log($"   {r.Target}: {r.RequestsPerSecond:0} req/s, p50 {r.LatencyP50}, p99 {r.LatencyP99}, non-2xx {r.Non2xx}, socket errors {r.SocketErrors}; CPU proxy {r.ProxyCpuSeconds:0.0} s, server {r.ServerCpuSeconds:0.0} s");
    }

    private WrkRun RunWrk(string url, int seconds, int session, string target)
    {
        var psi = new ProcessStartInfo("wrk");
        foreach (string a in WrkShape.Split(' ')) psi.ArgumentList.Add(a);
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
        Log($"10c. {ProxyReloadCount} reloads with continuous clients on {target} (port {port})");
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
        }) { IsBackground = true, Name = $"reload-client-{target}-{index}" }).ToList();
        foreach (var t in threads) t.Start();
        Thread.Sleep(500); // both clients running against the steady server first
        try
        {
            for (int i = 1; i <= ProxyReloadCount; i++)
            {
                string g = Unique($"{target}-reload-{i}");
                int from = w.LineCount;
                Volatile.Write(ref current, g);
                long t0 = Stopwatch.GetTimestamp();
                _ws!.WriteInPlace(g);
                bool ok = Procs.WaitUntil(() => Volatile.Read(ref seen[0]) == g && Volatile.Read(ref seen[1]) == g, TimeSpan.FromSeconds(60), 1);
                if (!ok)
                    throw new InvalidOperationException($"'{g}' was not served to both clients on {target} within 60 s:\n" + w.Output);
                served.Add(Ms(t0, Stopwatch.GetTimestamp()));
                if (w.WaitForLine(WatchProcess.StatusLine, from, TimeSpan.FromSeconds(30)) is null)
                    _proxyNotes.Add($"10c ({target}, reload {i}): no status line within 30 s of serving.");
            }
            Thread.Sleep(500); // and the steady server after the last reload
        }
        finally
        {
            Volatile.Write(ref stop, true);
            foreach (var t in threads) t.Join(TimeSpan.FromSeconds(40));
        }
        _reloadResults.Add(perRequest);
        _reloadResults.Add(keepAlive);
        _reloadEditToServed[target] = served;
        foreach (var r in new[] { perRequest, keepAlive })
            Log($"   {target}, {r.Client}: {r.Failures} failed of {r.Requests} ({FailureKinds(r)}); slowest {r.MaxMs:0} ms, {r.Over100Ms} over 100 ms");
        Log($"   {served}");
    }

    private static string FailureKinds(ReloadClientResult r) =>
        r.Kinds.Count == 0 ? "none" : string.Join(", ", r.Kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} ×{k.Value}"));

    // ------------------------------------------------------------------ reports

    private double WrkRatio
    {
        get
        {
            double direct = _wrkRuns.Where(r => r.Target == "direct").Select(r => r.RequestsPerSecond).DefaultIfEmpty(double.NaN).Average();
            double proxy = _wrkRuns.Where(r => r.Target == "proxy").Select(r => r.RequestsPerSecond).DefaultIfEmpty(double.NaN).Average();
            return proxy / direct;
        }
    }

    private long ProxyReloadFailures => _reloadResults.Where(r => r.Target == "proxy").Sum(r => r.Failures);

    public string ProxySummary()
    {
        var s = new StringBuilder();
        s.AppendLine($"proxy latency (µs, keep-alive, n={_latencyDirectUs.Count}): direct p50 {Series.F(Percentile(_latencyDirectUs, 50))} p99 {Series.F(Percentile(_latencyDirectUs, 99))}; " +
                     $"proxy p50 {Series.F(Percentile(_latencyProxyUs, 50))} p99 {Series.F(Percentile(_latencyProxyUs, 99))}; added p50 +{Series.F(Percentile(_latencyProxyUs, 50) - Percentile(_latencyDirectUs, 50))} p99 +{Series.F(Percentile(_latencyProxyUs, 99) - Percentile(_latencyDirectUs, 99))}");
        s.AppendLine($"proxy throughput (wrk {WrkShape} -d{WrkSeconds}s): " + string.Join("; ", _wrkRuns.Select(r => $"{r.Target} {r.RequestsPerSecond:0} req/s")) + $"; ratio proxy/direct {Series.F(WrkRatio, "0.00")}");
        foreach (var r in _reloadResults)
            s.AppendLine($"{ProxyReloadCount} reloads, {r.Target}, {r.Client}: {r.Failures} failed of {r.Requests} ({FailureKinds(r)})");
        return s.ToString().TrimEnd();
    }

    public string ProxyMarkdown(string heading)
    {
        var md = new StringBuilder();
        md.AppendLine(heading);
        md.AppendLine();
        md.AppendLine($"One watch: `-p:KickstartProxyUrl=http://127.0.0.1:{_proxyPort} -p:KickstartServerUrl=http://127.0.0.1:{_serverPort}` (proxy and Go server both reachable). " +
                      $"Its start-up line: `{_proxyStartNote}`. Requests are `GET /api/status` (the sample's small JSON answer), all on 127.0.0.1.");
        md.AppendLine();

        md.AppendLine($"CPU of the watch's session (utime+stime, 10 ms resolution) over {_proxyIdle}.");
        md.AppendLine();
        md.AppendLine("#### 10a. Added latency per request (sequential, one keep-alive connection each way)");
        md.AppendLine();
        md.AppendLine($"{_latencyWarmUp} warm-up requests each way, then {_latencyDirectUs.Count} measured each way, direct and proxy alternating request by request; time = send → whole response read, in µs.");
        md.AppendLine();
        md.AppendLine("| path | p50 | p90 | p99 | max | mean | n |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, v) in new[] { ("direct to the Go server", _latencyDirectUs), ("through the proxy", _latencyProxyUs) })
            md.AppendLine($"| {name} | {Series.F(Percentile(v, 50))} | {Series.F(Percentile(v, 90))} | {Series.F(Percentile(v, 99))} | {Series.F(v.DefaultIfEmpty(double.NaN).Max())} | {Series.F(v.DefaultIfEmpty(double.NaN).Average())} | {v.Count} |");
        md.AppendLine($"| **added by the proxy** (proxy − direct, per percentile) | **+{Series.F(Percentile(_latencyProxyUs, 50) - Percentile(_latencyDirectUs, 50))}** | +{Series.F(Percentile(_latencyProxyUs, 90) - Percentile(_latencyDirectUs, 90))} | **+{Series.F(Percentile(_latencyProxyUs, 99) - Percentile(_latencyDirectUs, 99))}** | | +{Series.F(_latencyProxyUs.DefaultIfEmpty(double.NaN).Average() - _latencyDirectUs.DefaultIfEmpty(double.NaN).Average())} | |");
        md.AppendLine($"| per pair (proxy − direct of the same pair), distribution | {Series.F(Percentile(_latencyPairDiffUs, 50))} | {Series.F(Percentile(_latencyPairDiffUs, 90))} | {Series.F(Percentile(_latencyPairDiffUs, 99))} | | | {_latencyPairDiffUs.Count} |");
        md.AppendLine();

        md.AppendLine($"#### 10b. Throughput: `wrk {WrkShape} -d{WrkSeconds}s --latency` ({_wrkVersion})");
        md.AppendLine();
        md.AppendLine("wrk runs on the same 2 cores as the proxy and the server (and takes a good share of them). CPU columns: utime+stime of the proxy process and of the Go server during the run.");
        md.AppendLine();
        md.AppendLine("| run | target | requests/s | requests | wrk p50 | wrk p99 | non-2xx | socket errors | proxy CPU | server CPU |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        int k = 0;
        foreach (var r in _wrkRuns)
            md.AppendLine($"| {++k} | {r.Target} | {r.RequestsPerSecond:0} | {r.Requests} | {r.LatencyP50} | {r.LatencyP99} | {r.Non2xx} | {r.SocketErrors} | {r.ProxyCpuSeconds:0.0} s | {r.ServerCpuSeconds:0.0} s |");
        double d = _wrkRuns.Where(r => r.Target == "direct").Select(r => r.RequestsPerSecond).DefaultIfEmpty(double.NaN).Average();
        double p = _wrkRuns.Where(r => r.Target == "proxy").Select(r => r.RequestsPerSecond).DefaultIfEmpty(double.NaN).Average();
        md.AppendLine();
        md.AppendLine($"Mean requests/s: direct {Series.F(d)}, through the proxy {Series.F(p)}; **ratio proxy ÷ direct = {Series.F(WrkRatio, "0.00")}**.");
        md.AppendLine();

        md.AppendLine($"#### 10c. Failed requests during {ProxyReloadCount} reloads");
        md.AppendLine();
        md.AppendLine($"Two clients run throughout, each sequential with ~1 ms between requests: one opens a new TCP connection per request (`Connection: close`), " +
                      "one keeps its connection alive (reconnecting after a failure or a server-side close). A request fails on: connection refused/reset, " +
                      "a connection closed before the whole response, a non-2xx status, or no answer within 30 s. Each edit writes a new `Greeting` into " +
                      "`internal/web/handlers.go` in place; the next edit follows once both clients got the new greeting and the watch printed its status line. " +
                      $"First the {ProxyReloadCount} reloads with both clients on the proxy URL, then another {ProxyReloadCount} with both on the server URL (\"without proxy\"). " +
                      "A slow request through the proxy is one the proxy held while the server restarted.");
        md.AppendLine();
        md.AppendLine("| clients on | client | requests | failed | failure kinds | slowest request | requests > 100 ms | edit → served to both (median / p90) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in _reloadResults)
        {
            var s = _reloadEditToServed.GetValueOrDefault(r.Target);
            string url = r.Target == "proxy" ? $"proxy (:{_proxyPort})" : $"server directly (:{_serverPort})";
            md.AppendLine($"| {url} | {r.Client} | {r.Requests} | **{r.Failures}** | {FailureKinds(r)} | {r.MaxMs:0} ms | {r.Over100Ms} | {(s is null ? "" : $"{Series.F(s.Median)} / {Series.F(s.P90)} ms")} |");
        }
        md.AppendLine();
        md.AppendLine($"Target: 0 failed requests through the proxy → {Pass(_reloadResults.Any(r => r.Target == "proxy") && ProxyReloadFailures == 0)} ({ProxyReloadFailures} failed).");
        foreach (var r in _reloadResults.Where(r => r.FirstFailures.Count > 0 && r.Target == "proxy"))
            md.AppendLine($"\nFirst failures through the proxy ({r.Client}): {string.Join("; ", r.FirstFailures)}.");
        foreach (string note in _proxyNotes)
            md.AppendLine($"\nNote: {note}");
        return md.ToString();
    }
}

/// <summary>A request that did not get a whole HTTP response; <see cref="Kind"/> names how it failed.</summary>
internal sealed class HttpFailure : Exception
{
    public HttpFailure(string kind, Exception? inner = null) : base(kind, inner) => Kind = kind;
    public string Kind { get; }
}

/// <summary>
/// A minimal HTTP/1.1 client on one raw socket (no HttpClient, no pool): keep-alive or one request per connection
/// (`Connection: close`, then closed with RST so thousands of connections leave no TIME_WAIT). Reads Content-Length
/// and chunked bodies.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private readonly int _port;
    private readonly bool _keepAlive;
    private readonly int _receiveTimeoutMs;
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;

    public HttpConnection(int port, bool keepAlive, int receiveTimeoutMs)
    {
        _port = port;
        _keepAlive = keepAlive;
        _receiveTimeoutMs = receiveTimeoutMs;
    }

    public int Connects { get; private set; }
    public bool IsOpen => _socket is not null;

    public (int Status, string Body) Get(string path)
    {
        bool reused = _socket is not null;
        try
        {
            if (_socket is null)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                {
                    NoDelay = true,
                    ReceiveTimeout = _receiveTimeoutMs,
                    SendTimeout = _receiveTimeoutMs,
                    LingerState = new LingerOption(true, 0),
                };
                _socket = s;
                _start = _end = 0;
                s.Connect(new IPEndPoint(IPAddress.Loopback, _port));
                Connects++;
            }
            _socket.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\n{(_keepAlive ? "" : "Connection: close\r\n")}\r\n"));
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd()) < 0)
            {
                if (!Fill())
                    throw new HttpFailure(_end - _start == 0 ? (reused ? "closed before response (reused connection)" : "closed before response") : "closed mid-response");
            }
            string head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
            _start = headerEnd + 4;
            string[] lines = head.Split("\r\n");
            if (lines[0].Length < 12 || !lines[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(lines[0].AsSpan(9, 3), out int status))
                throw new HttpFailure("malformed response");
            long contentLength = -1;
            bool chunked = false, close = false;
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                if (colon < 0) continue;
                string name = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = long.Parse(value);
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) close = value.Contains("close", StringComparison.OrdinalIgnoreCase);
            }
            var body = new MemoryStream();
            if (chunked)
            {
                while (true)
                {
                    string sizeLine = ReadLine();
                    int size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                    if (size == 0)
                    {
                        while (ReadLine().Length > 0) { } // trailers, then the empty line
                        break;
                    }
                    ReadBytes(size, body);
                    ReadLine();
                }
            }
            else if (contentLength >= 0)
            {
                ReadBytes(contentLength, body);
            }
            else if (status is not (204 or 304) && status >= 200)
            {
                while (true)
                {
                    if (_end > _start) { body.Write(_buffer, _start, _end - _start); _start = _end; }
                    if (!Fill()) break;
                }
                close = true;
            }
            if (close || !_keepAlive)
                Dispose();
            return (status, Encoding.UTF8.GetString(body.ToArray()));
        }
        catch (SocketException e)
        {
            Dispose();
            throw new HttpFailure(e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.ConnectionReset => reused ? "connection reset (reused connection)" : "connection reset",
                SocketError.TimedOut or SocketError.WouldBlock => "timeout",
                _ => e.SocketErrorCode.ToString(),
            }, e);
        }
        catch (HttpFailure)
        {
            Dispose();
            throw;
        }
    }

    private int IndexOfHeaderEnd()
    {
        for (int i = _start; i + 3 < _end; i++)
            if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                return i;
        return -1;
    }

    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2);
        int n = _socket!.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (n <= 0) return false;
        _end += n;
        return true;
    }

    private string ReadLine()
    {
        while (true)
        {
            for (int i = _start; i + 1 < _end; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n')
                {
                    string line = Encoding.ASCII.GetString(_buffer, _start, i - _start);
                    _start = i + 2;
                    return line;
                }
            }
            if (!Fill()) throw new HttpFailure("closed mid-response");
        }
    }

    private void ReadBytes(long count, Stream into)
    {
        while (count > 0)
        {
            if (_end == _start && !Fill()) throw new HttpFailure("closed mid-response");
            int take = (int)Math.Min(count, _end - _start);
            into.Write(_buffer, _start, take);
            _start += take;
            count -= take;
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }
}
