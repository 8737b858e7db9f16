using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Kickstart.Benchmarks.Measurements;

namespace Kickstart.Benchmarks.Reporting;

/// <summary>The run's results as the console summary and as the markdown that docs/benchmarks.md quotes.</summary>
internal static class Report
{
    public static string Pass(bool ok) => ok ? "**met**" : "**missed**";

    public static string Summary(BenchmarkResults r)
    {
        var s = new StringBuilder();
        double floor = r.Floor.Value;
        s.AppendLine($"== Kickstart benchmark summary (n={r.N}) ==");
        if (r.ProxyOnly)
        {
            s.AppendLine(ProxyReport.Summary(r.DevProxy));
            s.Append($"leaks: {(r.Leaks.Count == 0 ? "none" : string.Join("; ", r.Leaks))}");
            return s.ToString();
        }
        BenchmarkOptions o = r.Options;
        if (o.Runs("floor"))
            s.AppendLine($"floor: go build -w {Series.F(r.Floor.GoBuildW.Median)} ms (no -w {Series.F(r.Floor.GoBuildNoW.Median)}) + exec→200 {Series.F(r.Floor.Exec.Median)} ms = {Series.F(floor)} ms");
        if (o.Runs("dotnet-build"))
            s.AppendLine($"dotnet build no-op {Series.F(r.DotnetBuild.NoOp.Median)}/{Series.F(r.DotnetBuild.NoOp.P90)} ms, go started {r.DotnetBuild.NoOpGoCalls}x; after edit {Series.F(r.DotnetBuild.Change.Median)}/{Series.F(r.DotnetBuild.Change.P90)} ms (go build {Series.F(r.Floor.GoBuildNoW.Median)})");
        foreach (string style in o.Runs("watch") ? EditToServingResult.Styles : System.Array.Empty<string>())
            s.AppendLine($"edit→serving [{style}] {Series.F(r.EditToServing.Serving[style].Median)}/{Series.F(r.EditToServing.Serving[style].P90)} ms = floor+{Series.F(r.EditToServing.Serving[style].Median - floor)} ms ({Series.F(r.EditToServing.Serving[style].Median / floor, "0.00")}x), paired floor+{Series.F(r.EditToServing.Serving[style].Median - r.EditToServing.PairedFloor.ByStyle[style].Value)} ms (its pairs'); outage {Series.F(r.EditToServing.Outage[style].Median)}/{Series.F(r.EditToServing.Outage[style].P90)}/max {Series.F(r.EditToServing.Outage[style].Max)} ms");
        if (o.Runs("watch"))
            s.AppendLine($"burst (10 saves) → builds: {string.Join(",", r.Burst.Builds)}");
        if (o.Runs("watch"))
            s.AppendLine($"idle CPU {Series.F(r.IdleCpu.CpuPercent, "0.00")}% of one core over {Series.F(r.IdleCpu.Seconds, "0.0")} s");
        if (o.Runs("startup"))
            s.AppendLine($"start→200: watch {Series.F(r.Startup.WatchStart.Median)}/{Series.F(r.Startup.WatchStart.P90)} ms vs go build && ./server {Series.F(r.Startup.GoStart.Median)}/{Series.F(r.Startup.GoStart.P90)} ms = {Series.F(r.Startup.WatchStart.Median / r.Startup.GoStart.Median, "0.00")}x");
        if (o.Runs("watch"))
            s.AppendLine($"memory: {r.Memory.Line ?? "(no line) " + r.Memory.Note}");
        if (o.Runs("tree"))
            s.AppendLine($"20k dirs: set-up {Series.F(r.LargeTree.Setup.Median)}/{Series.F(r.LargeTree.Setup.P90)} ms with {string.Join(",", r.LargeTree.Methods.Distinct())}");
        if (o.Runs("proxy"))
            s.AppendLine(ProxyReport.Summary(r.DevProxy));
        s.Append(Issue9Report.Summary(r));
        s.Append($"leaks: {(r.Leaks.Count == 0 ? "none" : string.Join("; ", r.Leaks))}");
        return s.ToString();
    }

    private static string Row(Series s, string extra = "") =>
        $"| {s.Name} | {Series.F(s.Median)} | {Series.F(s.P90)} | {s.Count} |{extra}";

    public static string Markdown(BenchmarkResults r)
    {
        double floor = r.Floor.Value;
        double floorNoW = r.Floor.WithoutW;
        var md = new StringBuilder();
        md.AppendLine($"Command: `{r.CommandLine}` — n = {r.N} repetitions per measurement, run {r.StartedAt:yyyy-MM-dd HH:mm} UTC, {(r.Duration.TotalMinutes > 0 ? $"{r.Duration.TotalMinutes:0.0} min" : "")}.");
        md.AppendLine();
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores ({Machine.CpuModel}), {Machine.Memory} RAM, {Machine.Os} (kernel {Machine.Kernel}), " +
                      $".NET SDK {Machine.Command("dotnet", "--version")}, {Machine.Command(r.Go, "version")}, inotify max_user_watches {Machine.InotifyMaxUserWatches}, load average at the end {Machine.LoadAverage}.");
        md.AppendLine();
        md.AppendLine($"Package: {r.Package}.{(r.Options.Only is { } only ? $" Measurements run (`--only`): {string.Join(", ", only)}." : "")}");
        md.AppendLine();
        if (r.Options.Environment.Count > 0)
        {
            md.AppendLine($"Every watch of this run had {string.Join(" ", r.Options.Environment.Select(e => $"`{e}`"))} in its environment.");
            md.AppendLine();
        }
        if (r.ProxyOnly)
        {
            md.AppendLine(ProxyReport.Markdown(r.DevProxy, "### Dev proxy (`--proxy`: only this part)"));
            AppendLoadAndLeaks(md, r);
            return md.ToString();
        }
        if (r.Options.Runs("floor"))
        {
            md.AppendLine("All times in ms; p90 is nearest-rank. Floor = median `go build -w` after the same one-line edit + median exec → first 200 " +
                          $"= {Series.F(r.Floor.GoBuildW.Median)} + {Series.F(r.Floor.Exec.Median)} = **{Series.F(floor)} ms** (without `-w`: {Series.F(floorNoW)} ms).");
            md.AppendLine();
            md.AppendLine("### 1. Floor: the Go toolchain alone");
            md.AppendLine();
            md.AppendLine("| Measurement | median | p90 | n |");
            md.AppendLine("|---|---|---|---|");
            md.AppendLine(Row(r.Floor.GoBuildW));
            md.AppendLine(Row(r.Floor.GoBuildNoW));
            md.AppendLine(Row(r.Floor.Exec));
            md.AppendLine(Row(r.Floor.Totals));
            md.AppendLine(Row(r.Floor.GoBuildWLoaded));
            md.AppendLine();
        }

        if (r.Options.Runs("dotnet-build"))
        {
            md.AppendLine("### 2. `dotnet build`");
            md.AppendLine();
            md.AppendLine("| Measurement | median | p90 | n | next to | target | result |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            md.AppendLine(Row(r.DotnetBuild.NoOp, $" `go` started {r.DotnetBuild.NoOpGoCalls} times in {r.DotnetBuild.NoOp.Count} builds{(r.DotnetBuild.NoOpGoCallList.Length > 0 ? $" ({r.DotnetBuild.NoOpGoCallList})" : "")} | go invocations = 0 | {Pass(r.DotnetBuild.NoOpGoCalls == 0)} |"));
            md.AppendLine(Row(r.DotnetBuild.Change, $" `go build` (no `-w`) {Series.F(r.Floor.GoBuildNoW.Median)}: +{Series.F(r.DotnetBuild.Change.Median - r.Floor.GoBuildNoW.Median)} ms; `go` started {r.DotnetBuild.ChangeGoCalls} times | — | — |"));
            md.AppendLine();
        }

        if (r.Options.Runs("watch"))
        {
            md.AppendLine("### 3. Watch: edit → serving the new text");
            md.AppendLine();
            ModuleFloor paired = r.EditToServing.PairedFloor.Floor;
            FloorReport.Rows(md, FloorReport.Paired, paired);
            md.AppendLine("| Save style | median | p90 | n | median − floor (1, separate) | median ÷ floor (1, separate) | paired floor of this style's pairs | median − that floor | target (issue 9): median ≤ paired floor | target (issue 9): p90 ≤ paired floor p90 + 20 ms | status lines per save | watch's own report: built / restarted / serving (medians) | Kickstart's own share (built − go build), median / p90, target ≤ 10 ms |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (string style in EditToServingResult.Styles)
            {
                Series e = r.EditToServing.Serving[style];
                var lines = r.EditToServing.StatusLinesPerSave[style].GroupBy(x => x).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
                ModuleFloor pairedNow = r.EditToServing.PairedFloor.ByStyle[style];
                md.AppendLine($"| {style} | {Series.F(e.Median)} | {Series.F(e.P90)} | {e.Count} | {Series.F(e.Median - floor)} | {Series.F(e.Median / floor, "0.00")}× | {Series.F(pairedNow.Value)} | {Series.F(e.Median - pairedNow.Value)} | {(double.IsNaN(pairedNow.Value) ? "n/a" : Pass(e.Median <= pairedNow.Value))} | {(double.IsNaN(pairedNow.Value) ? "n/a" : Pass(e.P90 <= pairedNow.Totals.P90 + 20))} | {string.Join(", ", lines)} | {Series.F(r.EditToServing.WatchBuilt[style].Median)} / {Series.F(r.EditToServing.WatchRestarted[style].Median)} / {Series.F(r.EditToServing.WatchServing[style].Median)} | {Series.F(r.EditToServing.OwnShare[style].Median)} / {Series.F(r.EditToServing.OwnShare[style].P90)}{(r.EditToServing.OwnShare[style].Count > 0 ? $" ({Pass(r.EditToServing.OwnShare[style].Median <= 10)})" : "")} |");
            }
            md.AppendLine();
            md.AppendLine(r.EditToServing.Phases.Count > 0
                ? "Phases the status lines reported (medians over all reloads): " + string.Join(" · ", r.EditToServing.Phases.Select(p => $"{p.Key} {Series.F(p.Value.Median)} ms")) + "."
                : "The status lines carried no phase breakdown (a package from before issue 9's item 8): Kickstart's own share is n/a.");
            md.AppendLine();
            FloorReport.Notes(md, r.EditToServing.PairedFloor, r.EditToServing.Phases, r.Floor.GoBuildW.Median);
        }

        if (r.Options.Runs("watch"))
        {
            md.AppendLine("### 4. Outage per reload (longest span of refused TCP connects, probe every ~1 ms)");
            md.AppendLine();
            md.AppendLine("| Save style | median | p90 | max | n | target ≤ 30 ms |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (string style in EditToServingResult.Styles)
                md.AppendLine($"| {style} | {Series.F(r.EditToServing.Outage[style].Median)} | {Series.F(r.EditToServing.Outage[style].P90)} | {Series.F(r.EditToServing.Outage[style].Max)} | {r.EditToServing.Outage[style].Count} | {Pass(r.EditToServing.Outage[style].Max <= 30)} (max) |");
            md.AppendLine($"| all reloads | {Series.F(r.EditToServing.OutageAll.Median)} | {Series.F(r.EditToServing.OutageAll.P90)} | {Series.F(r.EditToServing.OutageAll.Max)} | {r.EditToServing.OutageAll.Count} | {Pass(r.EditToServing.OutageAll.Max <= 30)} (max) |");
            md.AppendLine();
            md.AppendLine($"Probes per reload window: median {Series.F(Median(r.EditToServing.ProbesPerReload))}.");
            md.AppendLine();
        }

        if (r.Options.Runs("watch"))
        {
            md.AppendLine("### 5. Burst: 10 saves within a few ms");
            md.AppendLine();
            md.AppendLine("| bursts | rebuild status lines per burst | 10 saves spanned (median / max) | longest gap between two saves, per burst (ms) | first save → last text served (median) | target | result |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            md.AppendLine($"| {r.Burst.Builds.Count} | {string.Join(", ", r.Burst.Builds)} | {Series.F(r.Burst.Span.Median, "0.0")} / {Series.F(r.Burst.Span.Max, "0.0")} ms | {string.Join(", ", r.Burst.MaxGap.Select(g => g.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} | {Series.F(r.Burst.Serving.Median)} ms | 1 build | {Pass(r.Burst.Builds.Count > 0 && r.Burst.Builds.All(b => b == 1))} |");
            md.AppendLine();
        }

        if (r.Options.Runs("watch"))
        {
            md.AppendLine("### 6. Idle CPU (watch running, nothing changing)");
            md.AppendLine();
            md.AppendLine("| window | CPU (% of one core), whole session | target | result |");
            md.AppendLine("|---|---|---|---|");
            md.AppendLine($"| {Series.F(r.IdleCpu.Seconds, "0.0")} s | {Series.F(r.IdleCpu.CpuPercent, "0.00")} % | 0 % | {Pass(r.IdleCpu.CpuPercent < 0.5)} |");
            md.AppendLine();
            md.AppendLine($"Per process (utime+stime over the window, 10 ms resolution): {r.IdleCpu.Detail}.");
            md.AppendLine();
        }

        if (r.Options.Runs("startup"))
        {
            md.AppendLine("### 7. Start → first response, binary current");
            md.AppendLine();
            md.AppendLine("| Measurement | median | p90 | n |");
            md.AppendLine("|---|---|---|---|");
            md.AppendLine(Row(r.Startup.WatchStart));
            md.AppendLine(Row(r.Startup.WatchStartToWatchingLine));
            md.AppendLine(Row(r.Startup.WatchStartBuilt));
            md.AppendLine(Row(r.Startup.GoStart));
            md.AppendLine(Row(r.Startup.WatchStartNoRestore));
            double ratio = r.Startup.WatchStart.Median / r.Startup.GoStart.Median;
            md.AppendLine();
            md.AppendLine($"Ratio (medians): **{Series.F(ratio, "0.00")}×**; target ≤ 1.2× → {Pass(ratio <= 1.2)}. The watch rewrote the binary in {r.Startup.Rebuilds} of {r.Startup.WatchStart.Count} starts (0 = it was current).");
            md.AppendLine();
        }

        if (r.Options.Runs("watch"))
        {
            md.AppendLine("### 8. Memory growth per rebuild (Ctrl+C = SIGINT to the watch's process group)");
            md.AppendLine();
            if (r.Memory.Line is not null)
            {
                Match m = WatchLines.Memory.Match(r.Memory.Line);
                double kb = double.Parse(m.Groups[3].Value) * (m.Groups[2].Value == "grew" ? 1 : -1);
                md.AppendLine("| line printed on exit | rebuilds | KB per rebuild | target ≤ 100 KB | Ctrl+C → exit |");
                md.AppendLine("|---|---|---|---|---|");
                md.AppendLine($"| `{r.Memory.Line}` | {m.Groups[1].Value} | {kb:0.0} | {Pass(kb <= 100)} | {Series.F(r.Memory.CtrlCToExitMs)} ms |");
            }
            else
            {
                md.AppendLine($"No memory line: {r.Memory.Note}");
            }
            md.AppendLine();
        }

        if (r.Options.Runs("tree"))
        {
            md.AppendLine($"### 9. Watch set-up on a module of {r.LargeTree.Directories:N0} directories");
            md.AppendLine();
            md.AppendLine("| Measurement | median | p90 | n | method | target ≤ 1000 ms |");
            md.AppendLine("|---|---|---|---|---|---|");
            md.AppendLine(Row(r.LargeTree.Setup, $" {string.Join(", ", r.LargeTree.Methods.Distinct())} | {Pass(r.LargeTree.Setup.Median <= 1000)} |"));
            md.AppendLine(Row(r.LargeTree.LaunchToLine, " | — |"));
            md.AppendLine(Row(r.LargeTree.NoOp, " | — |"));
            md.AppendLine();
        }

        if (r.Options.Runs("proxy"))
            md.AppendLine(ProxyReport.Markdown(r.DevProxy, "### 10. Dev proxy"));
        Issue9Report.Markdown(md, r);
        AppendLoadAndLeaks(md, r);
        return md.ToString();
    }

    private static void AppendLoadAndLeaks(StringBuilder md, BenchmarkResults r)
    {
        md.AppendLine("### Other load on the machine while measuring");
        md.AppendLine();
        md.AppendLine("CPU used by processes that were not this benchmark's (% of one core; lower bound: short-lived processes between marks are missed):");
        md.AppendLine();
        md.AppendLine("| phase | foreign CPU | top |");
        md.AppendLine("|---|---|---|");
        foreach (var (phase, cpu, top) in r.Interference)
            md.AppendLine($"| {phase} | {cpu:0} % | {top} |");
        md.AppendLine();
        md.AppendLine($"Leaks: {(r.Leaks.Count == 0 ? "none — every watch session and every server this run started was gone at the end (checked through /proc by session id and PID)." : string.Join("; ", r.Leaks))}");
        foreach (string note in r.Notes)
            md.AppendLine($"\nNote: {note}");
    }

    private static double Median(List<int> xs)
    {
        var s = new Series("");
        foreach (int x in xs) s.Add(x);
        return s.Median;
    }
}
