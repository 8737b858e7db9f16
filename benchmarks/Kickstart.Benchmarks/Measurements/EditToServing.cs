using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>3 and 4. Per save style: edit → the new text served, the outage while the server was swapped, what the watch itself reported, and the paired floor.</summary>
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
    /// <summary>The floor measured beside these reloads, one edit each, on a twin of the sample (<see cref="FloorPairs"/>); floor 1 is the separate one.</summary>
    public PairedFloorResult PairedFloor { get; init; } = new();
}

internal sealed class EditToServing
{
    private readonly BenchmarkContext _context;

    public EditToServing(BenchmarkContext context) => _context = context;

    public EditToServingResult Run(WatchProcess w)
    {
        using var pairs = new FloorPairs(_context, _context.Workspace.Module(), "sample", w, withOutageProbe: true);
        var result = new EditToServingResult { PairedFloor = pairs.Result };
        using var outage = new OutageProbe(w.Port);
        // The styles take turns, so that the first reloads after the watch's start (warm-up) fall to both alike.
        for (int i = 0; i < _context.N; i++)
        {
            foreach (string style in EditToServingResult.Styles)
            {
                string g = _context.Unique($"{(style.StartsWith("in-place") ? "inplace" : "rename")}-{i}");
                pairs.Measure(style, () => Edit(w, outage, result, style, g));
            }
        }
        foreach (string style in EditToServingResult.Styles)
            BenchmarkContext.Log($"   {result.Serving[style]}; {result.Outage[style]}; status lines per save: {string.Join(",", result.StatusLinesPerSave[style])}");
        BenchmarkContext.Log($"   {result.PairedFloor}");
        return result;
    }

    private void Edit(WatchProcess w, OutageProbe outage, EditToServingResult result, string style, string g)
    {
        Workspace ws = _context.Workspace;
        int port = w.Port;
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
            phases.AddPhasesTo(result.Phases);
            if (!double.IsNaN(phases.OwnShareMs))
                result.OwnShare[style].Add(phases.OwnShareMs);
        }
    }
}
