using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>
/// What one rebuild status line says about itself: built / restarted / serving (through <see cref="WatchLines.Reload"/>,
/// the watch's own pattern) and, where the watch breaks the build into phases — `built 262 ms (evaluate 0 ms ·
/// targets 4 ms · go build 231 ms)` — each phase. A line without phases (a package from before they existed) gives
/// none, and <see cref="OwnShareMs"/> is then NaN: the report says n/a rather than guess.
/// </summary>
internal sealed record ReloadLine(double BuiltMs, double RestartedMs, double ServingMs, IReadOnlyDictionary<string, double> Phases)
{
    /// <summary>"built N ms" however the rest of the line is worded (with or without "in").</summary>
    private static readonly Regex Built = new(@"built (?:in )?(\d+) ms", RegexOptions.Compiled);
    /// <summary>A parenthesised list of "name N ms" separated by "·" holding the go build phase.</summary>
    private static readonly Regex PhaseList = new(@"\(([^()]*\bgo build \d+ ms[^()]*)\)", RegexOptions.Compiled);
    private static readonly Regex Phase = new(@"^\s*(\S.*?) (\d+) ms\s*$", RegexOptions.Compiled);

    public const string GoBuildPhase = "go build";

    public double GoBuildMs => Phases.TryGetValue(GoBuildPhase, out double ms) ? ms : double.NaN;

    /// <summary>Kickstart's own share of the build step: built minus go build (NaN without phases).</summary>
    public double OwnShareMs => BuiltMs - GoBuildMs;

    /// <summary>Adds each phase of this line to the series of its name in <paramref name="phases"/> (one series per phase, over all reloads).</summary>
    public void AddPhasesTo(Dictionary<string, Series> phases)
    {
        foreach (var (name, ms) in Phases)
        {
            if (!phases.TryGetValue(name, out Series? series))
                phases[name] = series = new Series(name);
            series.Add(ms);
        }
    }

    public static ReloadLine? Parse(string line)
    {
        double built = double.NaN, restarted = double.NaN, serving = double.NaN;
        Match reload = WatchLines.Reload.Match(line);
        if (reload.Success)
        {
            built = Number(reload.Groups[1].Value);
            restarted = Number(reload.Groups[2].Value);
            serving = Number(reload.Groups[3].Value);
        }
        else if (Built.Match(line) is { Success: true } b)
        {
            built = Number(b.Groups[1].Value);
        }
        else
        {
            return null;
        }
        var phases = new Dictionary<string, double>(StringComparer.Ordinal);
        if (PhaseList.Match(line) is { Success: true } list)
        {
            foreach (string part in list.Groups[1].Value.Split('·'))
            {
                if (Phase.Match(part) is { Success: true } p)
                    phases[p.Groups[1].Value] = Number(p.Groups[2].Value);
            }
        }
        return new ReloadLine(built, restarted, serving, phases);
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
