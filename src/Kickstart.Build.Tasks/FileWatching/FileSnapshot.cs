using System;
using System.Collections.Generic;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// The files of some directory trees with their <see cref="FileStamp"/>s, and the differences between two such
/// snapshots. This is all the polling source does, on a timer.
/// </summary>
internal static class FileSnapshot
{
    public static Dictionary<string, FileStamp> Take(IEnumerable<string> roots, Func<string, bool> isExcludedDirectory)
    {
        var files = new Dictionary<string, FileStamp>(PathComparison.Comparer);
        foreach (string root in roots)
        {
            DirectoryTreeWalker.Walk(
                root,
                isExcludedDirectory,
                visitDirectory: _ => true,
                visitFile: file => files[file.Path] = new FileStamp(file.Length, file.LastWriteTimeUtc),
                withFileStats: true);
        }

        return files;
    }

    /// <summary>Reports files only in <paramref name="after"/> as created, only in <paramref name="before"/> as deleted,
    /// and files whose stamp differs as modified.</summary>
    public static void Compare(
        IReadOnlyDictionary<string, FileStamp> before,
        IReadOnlyDictionary<string, FileStamp> after,
        Action<string, FileChangeKind> report)
    {
        foreach (var (path, stamp) in after)
        {
            if (!before.TryGetValue(path, out FileStamp previous))
            {
                report(path, FileChangeKind.Created);
            }
            else if (previous != stamp)
            {
                report(path, FileChangeKind.Modified);
            }
        }

        foreach (string path in before.Keys)
        {
            if (!after.ContainsKey(path))
            {
                report(path, FileChangeKind.Deleted);
            }
        }
    }
}
