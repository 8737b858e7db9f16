using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Walks a directory tree for the change sources: each directory is visited before its entries are listed (so a watch
/// placed on it during the visit sees anything created after the listing), excluded directories are skipped with
/// everything under them, and a symbolic link to a directory is followed (under the link's own path, which is the
/// path Go and MSBuild's globs use for the files behind it) only when it leads out of the tree to a directory not
/// walked yet: a link back into the tree or around a loop is left out. Directories that vanish or cannot be read
/// while walking are skipped: the tree is live.
/// </summary>
internal static class DirectoryTreeWalker
{
    // Hidden and system entries must be seen too (".github", ".env"...): the defaults of EnumerationOptions skip them.
    private static readonly EnumerationOptions ListingOptions = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <param name="root">Full path of the directory to start from; visited even if it would be excluded.</param>
    /// <param name="isExcludedDirectory">Directories (full paths) not to enter.</param>
    /// <param name="visitDirectory">Called for each directory before it is listed; return false to skip its contents.</param>
    /// <param name="visitFile">Called for each file of each visited directory; null to list directories only (cheaper).</param>
    /// <param name="withFileStats">Fill <see cref="WalkedFile.Length"/> and <see cref="WalkedFile.LastWriteTimeUtc"/> (costs a stat per file).</param>
    public static void Walk(
        string root,
        Func<string, bool> isExcludedDirectory,
        Func<string, bool> visitDirectory,
        Action<WalkedFile>? visitFile = null,
        bool withFileStats = false)
    {
        var directoriesToVisit = new Stack<string>();
        directoriesToVisit.Push(root);
        HashSet<string>? linkTargetsWalked = null;
        while (directoriesToVisit.Count > 0)
        {
            string directory = directoriesToVisit.Pop();
            if (!visitDirectory(directory))
            {
                continue;
            }

            foreach (Entry entry in List(directory, includeFiles: visitFile is not null, withFileStats))
            {
                if (entry.IsDirectory)
                {
                    if (!isExcludedDirectory(entry.File.Path)
                        && (!entry.IsLink || LeadsOutToANewDirectory(entry.File.Path, root, linkTargetsWalked ??= new HashSet<string>(PathComparison.Comparer))))
                    {
                        directoriesToVisit.Push(entry.File.Path);
                    }
                }
                else
                {
                    visitFile!(entry.File);
                }
            }
        }
    }

    /// <summary>The files and subdirectories directly in <paramref name="directory"/> (nothing if it cannot be read).</summary>
    public static List<(string Path, bool IsDirectory)> ListDirectory(string directory)
    {
        var entries = new List<(string, bool)>();
        foreach (Entry entry in List(directory, includeFiles: true, withFileStats: false))
        {
            // Links to directories are for Walk to decide on (it knows the tree); a listing leaves them out.
            if (!entry.IsLink)
            {
                entries.Add((entry.File.Path, entry.IsDirectory));
            }
        }

        return entries;
    }

    private static List<Entry> List(string directory, bool includeFiles, bool withFileStats)
    {
        // The listing is read completely before the caller acts on it, so that a vanishing directory is handled in one
        // place (here) instead of in the middle of the caller's loop.
        var entries = new List<Entry>();
        try
        {
            var enumerable = new FileSystemEnumerable<Entry>(
                directory,
                (ref FileSystemEntry entry) => ToEntry(ref entry, withFileStats),
                ListingOptions)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.IsDirectory || includeFiles,
            };
            entries.AddRange(enumerable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Deleted or made unreadable since it was seen: nothing to watch there any more.
        }

        return entries;
    }

    // A link that leads back into the tree (or to where another link led) would be walked twice, or forever.
    private static bool LeadsOutToANewDirectory(string link, string root, HashSet<string> targetsWalked)
    {
        string? target;
        try
        {
            target = new DirectoryInfo(link).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return false;
        }

        if (target is null || !Directory.Exists(target))
        {
            return false;
        }

        target = PathComparison.Normalize(target);
        string normalizedRoot = PathComparison.Normalize(root);
        return !PathComparison.IsSameOrUnder(target, normalizedRoot)
            && !PathComparison.IsSameOrUnder(normalizedRoot, target)
            && targetsWalked.Add(target);
    }

    private static Entry ToEntry(ref FileSystemEntry entry, bool withFileStats)
    {
        string path = entry.ToFullPath();
        if (entry.IsDirectory)
        {
            // A symbolic link reports the type of its target.
            return new Entry(new WalkedFile(path, 0, default), IsDirectory: true, IsLink: (entry.Attributes & FileAttributes.ReparsePoint) != 0);
        }

        return withFileStats
            ? new Entry(new WalkedFile(path, entry.Length, entry.LastWriteTimeUtc.UtcDateTime), IsDirectory: false)
            : new Entry(new WalkedFile(path, 0, default), IsDirectory: false);
    }

    private readonly record struct Entry(WalkedFile File, bool IsDirectory, bool IsLink = false);
}
