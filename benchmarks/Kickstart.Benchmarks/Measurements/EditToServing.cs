using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>3 and 4. Per save style: edit → the new text served, the outage while the server was swapped, and what the watch itself reported.</summary>
internal sealed record EditToServingResult
{
    public static readonly string[] Styles = { "in-place write", "write temp + rename" };

    public Dictionary<string, Series> Serving { get; } = Styles.ToDictionary(s => s, s => new Series("edit → serving, " + s));
    public Dictionary<string, Series> Outage { get; } = Styles.ToDictionary(s => s, s => new Series("outage, " + s));
    public Dictionary<string, List<int>> StatusLinesPerSave { get; } = Styles.ToDictionary(s => s, _ => new List<int>());
    public Dictionary<string, Series> WatchBuilt { get; } = Styles.ToDictionary(s => s, s => new Series("watch says built, " + s));
    public Dictionary<string, Series> WatchRestarted { get; } = Styles.ToDictionary(s => s, s => new Series("watch says restarted, " + s));
    public Dictionary<string, Series> WatchServing { get; } = Styles.ToDictionary(s => s, s => new Series("watch says serving, " + s));
    /// <summary>Built minus the go build phase of the status line (issue 9 item 8); empty when the lines carry no phases.</summary>
    public Dictionary<string, Series> OwnShare { get; } = Styles.ToDictionary(s => s, s => new Series("Kickstart's own share, " + s));
    /// <summary>Every phase the lines named, over all reloads.</summary>
    public Dictionary<string, Series> Phases { get; } = new(StringComparer.Ordinal);
    public Series OutageAll { get; } = new("outage, all reloads");
    public List<int> ProbesPerReload { get; } = new();
}

internal sealed class EditToServing
{
    private readonly BenchmarkContext _context;

    public EditToServing(BenchmarkContext context) => _context = context;

    public EditToServingResult Run(WatchProcess w)
    {
        var result = new EditToServingResult();
        Workspace ws = _context.Workspace;
        int port = w.Port;
        using var outage = new OutageProbe(port);
        foreach (string style in EditToServingResult.Styles)
        {
            for (int i = 0; i < _context.N; i++)
            {
                string g = _context.Unique($"{(style.StartsWith("in-place") ? "inplace" : "rename")}-{i}");
                int from = w.LineCount;
                outage.Arm();
                long t0 = Stopwatch.GetTimestamp();
                if (style.StartsWith("in-place", StringComparison.Ordinal)) ws.WriteInPlace(g);
                else ws.WriteTempThenRename(g);
                long t1 = Probe.PollUntil(port, "/api/status", g, TimeSpan.FromSeconds(60), () => w.HasExited);
                var (longest, probes, _) = outage.Disarm(t0);
                if (t1 == 0)
                    throw new InvalidOperationException($"'{g}' was never served:\n" + w.Output);
                result.Serving[style].Add(BenchmarkContext.Ms(t0, t1));
                result.Outage[style].Add(longest);
                result.OutageAll.Add(longest);
                result.ProbesPerReload.Add(probes);
                var status = w.WaitForLine(WatchProcess.StatusLine, from, TimeSpan.FromSeconds(30));
                Thread.Sleep(400); // a second build for the same save would show up here
                result.StatusLinesPerSave[style].Add(w.CountFrom(WatchProcess.StatusLine, from));
                if (status is { } s && WatchLines.Reload.Match(s.Line) is { Success: true } m)
                {
                    result.WatchBuilt[style].Add(double.Parse(m.Groups[1].Value));
                    result.WatchRestarted[style].Add(double.Parse(m.Groups[2].Value));
                    result.WatchServing[style].Add(double.Parse(m.Groups[3].Value));
                }
                if (status is { } line && ReloadLine.Parse(line.Line) is { Phases.Count: > 0 } phases)
                {
                    foreach (var (name, ms) in phases.Phases)
                    {
                        if (!result.Phases.TryGetValue(name, out Series? series))
                            result.Phases[name] = series = new Series(name);
                        series.Add(ms);
                    }
                    if (!double.IsNaN(phases.OwnShareMs))
                        result.OwnShare[style].Add(phases.OwnShareMs);
                }
            }
            BenchmarkContext.Log($"   {result.Serving[style]}; {result.Outage[style]}; status lines per save: {string.Join(",", result.StatusLinesPerSave[style])}");
        }
        return result;
    }
}
