using System.Collections.Generic;
using System.Text;
using Kickstart.Benchmarks.Measurements;

namespace Kickstart.Benchmarks.Reporting;

/// <summary>
/// The floors of 3, 11 and 13 as the markdown shows them: the separate floor (measured in a phase of its own, before
/// the watch; what rounds 1–5 reported) and the paired floor (measured beside the watch's edits), which the targets
/// are judged against. Every label says which floor it is.
/// </summary>
internal static class FloorReport
{
    public const string Separate = "Floor (separate: measured before the watch)";
    public const string Paired = "Paired floor (a twin outside the watched tree, one edit beside each of the watch's, ABBA; its go build under the same probes as the watch's reloads)";

    private static string F(double v) => Series.F(v);

    /// <summary>go build (with the floor's flags named), exec → first 200, and their sum per edit.</summary>
    public static void Rows(StringBuilder md, string label, ModuleFloor floor)
    {
        md.AppendLine($"| {label} | median | p90 | n |");
        md.AppendLine("|---|---|---|---|");
        string name = floor.Flags.Length > 0 ? floor.GoBuild.Name.Replace(" after ", $" {floor.Flags} after ", System.StringComparison.Ordinal) : floor.GoBuild.Name;
        md.AppendLine($"| {name} | {F(floor.GoBuild.Median)} | {F(floor.GoBuild.P90)} | {floor.GoBuild.Count} |");
        md.AppendLine($"| {floor.Exec.Name} | {F(floor.Exec.Median)} | {F(floor.Exec.P90)} | {floor.Exec.Count} |");
        md.AppendLine($"| {floor.Totals.Name} | {F(floor.Totals.Median)} | {F(floor.Totals.P90)} | {floor.Totals.Count} |");
        md.AppendLine();
    }

    /// <summary>
    /// Whether go itself is slower under the watch: the watch's `go build` phase (its status lines, all reloads) minus
    /// the paired floor's `go build`, and minus the separate floor's (n/a where the status lines carry no phases); then how long the quiet waits took.
    /// </summary>
    public static void Notes(StringBuilder md, PairedFloorResult paired, IReadOnlyDictionary<string, Series> watchPhases, double separateGoBuild)
    {
        double watch = watchPhases.TryGetValue(ReloadLine.GoBuildPhase, out Series? goBuild) ? goBuild.Median : double.NaN;
        double pairedGoBuild = paired.Floor.GoBuild.Median;
        md.AppendLine($"The watch's `go build` phase − the paired floor's `go build` (medians): {F(watch)} − {F(pairedGoBuild)} = **{F(watch - pairedGoBuild)} ms**; " +
                      $"− the separate floor's: {F(watch)} − {F(separateGoBuild)} = {F(watch - separateGoBuild)} ms.");
        md.AppendLine();
        md.AppendLine($"Quiet wait before each measured edit (until the watch's session used no CPU for {SessionQuiet.Window.TotalMilliseconds:0} ms, at most {SessionQuiet.MaxWait.TotalSeconds:0} s): " +
                      $"before the watch's edits median {F(paired.QuietBeforeWatch.Median)} ms, max {F(paired.QuietBeforeWatch.Max)} ms (n={paired.QuietBeforeWatch.Count}); " +
                      $"before the paired floor's median {F(paired.QuietBeforeFloor.Median)} ms, max {F(paired.QuietBeforeFloor.Max)} ms (n={paired.QuietBeforeFloor.Count}); " +
                      $"{paired.QuietGaveUp} of them gave up at {SessionQuiet.MaxWait.TotalSeconds:0} s with the session still busy.");
        md.AppendLine();
    }
}
