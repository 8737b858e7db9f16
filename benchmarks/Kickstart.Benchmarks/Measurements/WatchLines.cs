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
    public static readonly Regex Started = new(WatchStatusLines.StartedPattern, RegexOptions.Compiled);
    public static readonly Regex Reload = new(WatchStatusLines.ReloadedPattern, RegexOptions.Compiled);
    public static readonly Regex Memory = new(WatchStatusLines.MemoryPerRebuildPattern, RegexOptions.Compiled);
    public static readonly Regex Changes = new(WatchStatusLines.ChangesPattern, RegexOptions.Compiled);
}
