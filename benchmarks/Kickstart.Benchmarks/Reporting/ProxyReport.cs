using System.Collections.Generic;
using System.Linq;
using System.Text;
using Kickstart.Benchmarks.Measurements;

namespace Kickstart.Benchmarks.Reporting;

/// <summary>Section 10 of the report (the dev proxy), for the console summary and the markdown.</summary>
internal static class ProxyReport
{
    public static string Summary(DevProxyResult p)
    {
        var s = new StringBuilder();
        s.AppendLine($"proxy latency (µs, keep-alive, n={p.LatencyDirectUs.Count}): direct p50 {Series.F(Series.Percentile(p.LatencyDirectUs, 50))} p99 {Series.F(Series.Percentile(p.LatencyDirectUs, 99))}; " +
                     $"proxy p50 {Series.F(Series.Percentile(p.LatencyProxyUs, 50))} p99 {Series.F(Series.Percentile(p.LatencyProxyUs, 99))}; added p50 +{Series.F(Series.Percentile(p.LatencyProxyUs, 50) - Series.Percentile(p.LatencyDirectUs, 50))} p99 +{Series.F(Series.Percentile(p.LatencyProxyUs, 99) - Series.Percentile(p.LatencyDirectUs, 99))}");
        s.AppendLine($"proxy throughput (wrk {DevProxyPlan.WrkShape} -d{p.Plan.WrkSeconds}s): " + string.Join("; ", p.WrkRuns.Select(r => $"{r.Target} {r.RequestsPerSecond:0} req/s")) + $"; ratio proxy/direct {Series.F(p.WrkRatio, "0.00")}");
        foreach (var r in p.ReloadResults)
            s.AppendLine($"{p.Plan.ReloadCount} reloads, {r.Target}, {r.Client}: {r.Failures} failed of {r.Requests} ({r.FailureKinds()})");
        return s.ToString().TrimEnd();
    }

    public static string Markdown(DevProxyResult p, string heading)
    {
        var md = new StringBuilder();
        md.AppendLine(heading);
        md.AppendLine();
        md.AppendLine($"One watch: `-p:KickstartProxyUrl=http://127.0.0.1:{p.ProxyPort} -p:KickstartServerUrl=http://127.0.0.1:{p.ServerPort}` (proxy and Go server both reachable). " +
                      $"Its start-up line: `{p.StartNote}`. Requests are `GET /api/status` (the sample's small JSON answer), all on 127.0.0.1.");
        md.AppendLine();

        md.AppendLine($"CPU of the watch's session (utime+stime, 10 ms resolution) over {p.Idle}.");
        md.AppendLine();
        md.AppendLine("#### 10a. Added latency per request (sequential, one keep-alive connection each way)");
        md.AppendLine();
        md.AppendLine($"{p.LatencyWarmUp} warm-up requests each way, then {p.LatencyDirectUs.Count} measured each way, direct and proxy alternating request by request; time = send → whole response read, in µs.");
        md.AppendLine();
        md.AppendLine("| path | p50 | p90 | p99 | max | mean | n |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, v) in new[] { ("direct to the Go server", p.LatencyDirectUs), ("through the proxy", p.LatencyProxyUs) })
            md.AppendLine($"| {name} | {Series.F(Series.Percentile(v, 50))} | {Series.F(Series.Percentile(v, 90))} | {Series.F(Series.Percentile(v, 99))} | {Series.F(v.DefaultIfEmpty(double.NaN).Max())} | {Series.F(v.DefaultIfEmpty(double.NaN).Average())} | {v.Count} |");
        md.AppendLine($"| **added by the proxy** (proxy − direct, per percentile) | **+{Series.F(Series.Percentile(p.LatencyProxyUs, 50) - Series.Percentile(p.LatencyDirectUs, 50))}** | +{Series.F(Series.Percentile(p.LatencyProxyUs, 90) - Series.Percentile(p.LatencyDirectUs, 90))} | **+{Series.F(Series.Percentile(p.LatencyProxyUs, 99) - Series.Percentile(p.LatencyDirectUs, 99))}** | | +{Series.F(p.LatencyProxyUs.DefaultIfEmpty(double.NaN).Average() - p.LatencyDirectUs.DefaultIfEmpty(double.NaN).Average())} | |");
        md.AppendLine($"| per pair (proxy − direct of the same pair), distribution | {Series.F(Series.Percentile(p.LatencyPairDiffUs, 50))} | {Series.F(Series.Percentile(p.LatencyPairDiffUs, 90))} | {Series.F(Series.Percentile(p.LatencyPairDiffUs, 99))} | | | {p.LatencyPairDiffUs.Count} |");
        md.AppendLine();

        md.AppendLine($"#### 10b. Throughput: `wrk {DevProxyPlan.WrkShape} -d{p.Plan.WrkSeconds}s --latency` ({p.WrkVersion})");
        md.AppendLine();
        md.AppendLine("wrk runs on the same 2 cores as the proxy and the server (and takes a good share of them). CPU columns: utime+stime of the proxy process and of the Go server during the run.");
        md.AppendLine();
        md.AppendLine("| run | target | requests/s | requests | wrk p50 | wrk p99 | non-2xx | socket errors | proxy CPU | server CPU |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        int k = 0;
        foreach (var r in p.WrkRuns)
            md.AppendLine($"| {++k} | {r.Target} | {r.RequestsPerSecond:0} | {r.Requests} | {r.LatencyP50} | {r.LatencyP99} | {r.Non2xx} | {r.SocketErrors} | {r.ProxyCpuSeconds:0.0} s | {r.ServerCpuSeconds:0.0} s |");
        double direct = p.MeanRequestsPerSecond("direct");
        double proxied = p.MeanRequestsPerSecond("proxy");
        md.AppendLine();
        md.AppendLine($"Mean requests/s: direct {Series.F(direct)}, through the proxy {Series.F(proxied)}; **ratio proxy ÷ direct = {Series.F(p.WrkRatio, "0.00")}**.");
        md.AppendLine();

        md.AppendLine($"#### 10c. Failed requests during {p.Plan.ReloadCount} reloads");
        md.AppendLine();
        md.AppendLine($"Two clients run throughout, each sequential with ~1 ms between requests: one opens a new TCP connection per request (`Connection: close`), " +
                      "one keeps its connection alive (reconnecting after a failure or a server-side close). A request fails on: connection refused/reset, " +
                      "a connection closed before the whole response, a non-2xx status, or no answer within 30 s. Each edit writes a new `Greeting` into " +
                      "`internal/web/handlers.go` in place; the next edit follows once both clients got the new greeting and the watch printed its status line. " +
                      $"First the {p.Plan.ReloadCount} reloads with both clients on the proxy URL, then another {p.Plan.ReloadCount} with both on the server URL (\"without proxy\"). " +
                      "A slow request through the proxy is one the proxy held while the server restarted.");
        md.AppendLine();
        md.AppendLine("| clients on | client | requests | failed | failure kinds | slowest request | requests > 100 ms | edit → served to both (median / p90) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in p.ReloadResults)
        {
            var s = p.ReloadEditToServed.GetValueOrDefault(r.Target);
            string url = r.Target == "proxy" ? $"proxy (:{p.ProxyPort})" : $"server directly (:{p.ServerPort})";
            md.AppendLine($"| {url} | {r.Client} | {r.Requests} | **{r.Failures}** | {r.FailureKinds()} | {r.MaxMs:0} ms | {r.Over100Ms} | {(s is null ? "" : $"{Series.F(s.Median)} / {Series.F(s.P90)} ms")} |");
        }
        md.AppendLine();
        md.AppendLine($"Target: 0 failed requests through the proxy → {Report.Pass(p.ReloadResults.Any(r => r.Target == "proxy") && p.ProxyReloadFailures == 0)} ({p.ProxyReloadFailures} failed).");
        foreach (var r in p.ReloadResults.Where(r => r.FirstFailures.Count > 0 && r.Target == "proxy"))
            md.AppendLine($"\nFirst failures through the proxy ({r.Client}): {string.Join("; ", r.FirstFailures)}.");
        foreach (string note in p.Notes)
            md.AppendLine($"\nNote: {note}");
        return md.ToString();
    }
}
