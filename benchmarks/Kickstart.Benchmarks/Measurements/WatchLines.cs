using System.Text.RegularExpressions;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>The watch's own lines the measurements read (what it says it did, and how long it says it took).</summary>
internal static class WatchLines
{
    public static readonly Regex Watching = new(@"kickstart: watching (.*) with (\S+) \(set up in (\d+) ms\)", RegexOptions.Compiled);
    public static readonly Regex Started = new(@"kickstart: built (\d+) ms → started (\d+) ms", RegexOptions.Compiled);
    public static readonly Regex Reload = new(@"built (\d+) ms → restarted (\d+) ms → serving (\d+) ms after the save", RegexOptions.Compiled);
    public static readonly Regex Memory = new(@"kickstart: (\d+) rebuild\(s\); managed memory (grew|shrank) ([\d.]+) KB per rebuild", RegexOptions.Compiled);
}
