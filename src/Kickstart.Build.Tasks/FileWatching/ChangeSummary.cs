using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>Describes a batch of changes in a few words: "1 file changed (internal/web/handlers.go)".</summary>
internal static class ChangeSummary
{
    public static string Describe(IReadOnlyList<FileChange> changes, string projectDirectory)
    {
        if (changes.Any(c => c.Kind == FileChangeKind.Overflow))
            return "many files changed (the watcher overflowed; rescanned)";
        var names = changes.Select(c => Relative(c.Path, projectDirectory)).Distinct().ToList();
        string count = names.Count == 1 ? "1 file changed" : $"{names.Count} files changed";
        string shown = string.Join(", ", names.Take(3)) + (names.Count > 3 ? $", +{names.Count - 3} more" : "");
        return $"{count} ({shown})";
    }

    private static string Relative(string path, string projectDirectory)
    {
        string relative = Path.GetRelativePath(projectDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }
}
