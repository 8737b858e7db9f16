using System.Text.RegularExpressions;
using Kickstart.Contracts;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>
/// The watch's own lines the measurements read (what it says it did, and how long it says it took): the patterns the
/// watch words them by (src/Kickstart.Contracts/WatchStatusLines.cs, linked into this program), compiled once here.
/// </summary>
internal static class WatchLines
{
    public static readonly Regex Watching = new(WatchStatusLines.WatchingRootsPattern, RegexOptions.Compiled);
    public static readonly Regex Started = new(WithOptionalPhases(WatchStatusLines.StartedPattern), RegexOptions.Compiled);
    public static readonly Regex Reload = new(WithOptionalPhases(WatchStatusLines.ReloadedPattern), RegexOptions.Compiled);
    public static readonly Regex Memory = new(WatchStatusLines.MemoryPerRebuildPattern, RegexOptions.Compiled);
    public static readonly Regex Changes = new(WatchStatusLines.ChangesPattern, RegexOptions.Compiled);

    /// <summary>
    /// A pattern that also reads a line with a phase list after "built N ms" (`built 262 ms (evaluate 0 ms · …) →`,
    /// issue 9 item 8), even when the WatchStatusLines this program is built with predates the list: the same program
    /// then measures packages from before and after it (`--baseline-commit`, `--sdk-package`). A pattern that allows the
    /// list already is left as it is.
    /// </summary>
    private static string WithOptionalPhases(string pattern) => pattern.Replace(@"built (\d+) ms →", @"built (\d+) ms(?: \([^)]*\))? →");
}
