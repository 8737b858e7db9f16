using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// After Clean has deleted the files the build wrote: removes the folders that held them (bin/Debug/, obj/Debug/, …)
/// and their parents, each only when nothing is left in it, and never the project directory or anything outside it.
/// A folder with a file of the user's in it stays, with the file.
/// </summary>
public sealed class RemoveEmptyDirectories : Task
{
    /// <summary>Files that were deleted (or directories that may now be empty): where to start.</summary>
    public ITaskItem[] Paths { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>Nothing at or above this directory is removed (the project directory).</summary>
    [Required] public string Root { get; set; } = "";

    public override bool Execute()
    {
        string root = Path.GetFullPath(Root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (string path in Paths.Select(p => Path.GetFullPath(p.ItemSpec).TrimEnd(Path.DirectorySeparatorChar)).Distinct(StringComparer.Ordinal))
        {
            string? dir = Directory.Exists(path) ? path : Path.GetDirectoryName(path);
            for (; dir is not null && dir.StartsWith(root, StringComparison.Ordinal) && dir.Length > root.Length; dir = Path.GetDirectoryName(dir))
            {
                if (!Directory.Exists(dir))
                    continue;
                if (Directory.EnumerateFileSystemEntries(dir).Any())
                    break;
                try
                {
                    Directory.Delete(dir, recursive: false);
                    Log.LogMessage(MessageImportance.Low, $"Removed the empty folder {dir}.");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Log.LogMessage(MessageImportance.Low, $"Kept {dir}: {e.Message}");
                    break;
                }
            }
        }
        return true;
    }
}
