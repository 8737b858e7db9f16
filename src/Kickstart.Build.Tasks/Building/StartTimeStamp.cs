using System;
using System.IO;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// Stamps an output (the binary, the restore stamp) with the time its go run started, never the time it ended: a file
/// saved while go ran is then newer than the output, and the next build is not fooled into calling it up to date.
/// </summary>
/// <remarks>
/// The time is the file system's own: the modification time of a file created just before go starts, in the output's
/// directory. The kernel stamps files from a clock a few milliseconds coarser than the one DateTime reads, so a save
/// right after DateTime.UtcNow could carry an earlier time; a file's time is on the same clock as the saves it is
/// compared with. A save within the same tick (a few milliseconds) as that file comes before go, still starting, can
/// have read anything.
/// </remarks>
internal static class StartTimeStamp
{
    /// <summary>The file system's "now" where <paramref name="stampFile"/> lives (its directory is created).</summary>
    public static DateTime Take(string stampFile)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(stampFile))!;
        Directory.CreateDirectory(directory);
        string probe = Path.Combine(directory, $".kickstart-clock-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }
            DateTime now = File.GetLastWriteTimeUtc(probe);
            // A file system that keeps whole seconds (FAT keeps two) gives a later save in the same second the same time,
            // which would count as up to date: step back past it (what was saved just before then only builds once more).
            return now.Ticks % TimeSpan.TicksPerSecond == 0 ? now.AddSeconds(-2) : now;
        }
        finally
        {
            try { File.Delete(probe); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Sets <paramref name="stampFile"/>'s time to <paramref name="started"/>, creating the file when absent.</summary>
    public static void Apply(string stampFile, DateTime started)
    {
        if (!File.Exists(stampFile))
            File.WriteAllBytes(stampFile, Array.Empty<byte>());
        File.SetLastWriteTimeUtc(stampFile, started);
    }
}
