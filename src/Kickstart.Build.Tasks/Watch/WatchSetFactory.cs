using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Watching;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Watch;

/// <summary>Turns the items the project returns (_KickstartCollectWatchItems) into a <see cref="WatchSet"/>.</summary>
internal static class WatchSetFactory
{
    // What a new file must look like to count before the next evaluation has made it an item.
    private static readonly string[] AlwaysWatchedNames = { "*.go", "go.mod", "go.sum", "go.work", "go.work.sum" };

    public static WatchSet Create(string projectDirectory, IReadOnlyList<ITaskItem> items, IReadOnlyList<string> excludedDirectories)
    {
        string root = Path.GetFullPath(projectDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var files = new List<string>();
        var ignored = new List<string>();
        foreach (ITaskItem item in items)
        {
            string path = item.GetMetadata("FullPath");
            if (path.Length == 0)
                continue;
            if (string.Equals(item.GetMetadata("Watch"), "false", StringComparison.OrdinalIgnoreCase))
                ignored.Add(path);
            // Imports outside the project (the SDK itself, a repository's Directory.Build.props) would make their whole
            // folders watch roots; they are left out unless the user lists them as Watch items.
            else if (path.StartsWith(root, StringComparison.Ordinal) || item.GetMetadata("KickstartWatchOutside") == "true")
                files.Add(path);
        }
        IEnumerable<string> patterns = AlwaysWatchedNames.Concat(files
            .Select(Path.GetExtension)
            .Where(e => !string.IsNullOrEmpty(e) && e != ".proj" && e != ".props" && e != ".targets")
            .Select(e => "*" + e))
            .Distinct(StringComparer.Ordinal);
        return new WatchSet(projectDirectory, files, ignored, excludedDirectories, patterns.ToList());
    }
}
