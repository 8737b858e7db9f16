using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>Returns the files the sources embed with //go:embed, so they are build inputs and watched like templates.</summary>
public sealed class ResolveGoEmbeds : Task
{
    public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>
    /// The project the sources are of (its full path): what <see cref="EmbedsChanged"/> compares with is that project's
    /// last resolve. (Not the engine's ProjectFileOfTaskNode: that is the file declaring the target, the SDK's
    /// Sdk.targets for every project, so a server and its client built in one process took each other's outcome and
    /// every reload of the server collected its watch items anew.)
    /// </summary>
    [Required] public string ProjectFile { get; set; } = "";
    /// <summary>Directories whose files never count (the project's own output), full paths.</summary>
    public string[] ExcludedDirectories { get; set; } = Array.Empty<string>();

    [Output] public ITaskItem[] EmbeddedFiles { get; private set; } = Array.Empty<ITaskItem>();
    /// <summary>Where new files may be embedded too (the watch treats any new file there as a Go input).</summary>
    [Output] public ITaskItem[] EmbedDirectories { get; private set; } = Array.Empty<ITaskItem>();
    /// <summary>File-name globs of directives that embed beside their source (<c>*.txt</c>), joined by ';'.</summary>
    [Output] public string EmbedNamePatterns { get; private set; } = "";

    /// <summary>
    /// The watch's fast path: the only sources changed since the last build (full paths). Every other source's
    /// directives are taken as last read, without looking at the file. Empty: each source is checked (size and time).
    /// </summary>
    public string[] ChangedFiles { get; set; } = Array.Empty<string>();

    /// <summary>What the directives embed is not what they embedded at this project's last resolve in this process.</summary>
    [Output] public bool EmbedsChanged { get; private set; }

    // Per project and output (several projects may share one directory and one node): the last resolve's outcome.
    private static readonly ConcurrentDictionary<string, string> LastOutcome = new(StringComparer.Ordinal);

    public override bool Execute()
    {
        string[] excluded = ExcludedDirectories.Select(d => Path.GetFullPath(d).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).ToArray();
        bool IsExcluded(string dir)
        {
            string withSlash = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return excluded.Any(e => withSlash.StartsWith(e, StringComparison.Ordinal));
        }

        var files = new SortedSet<string>(StringComparer.Ordinal);
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        bool fastPath = ChangedFiles.Length > 0;
        // Ignoring case errs on the safe side: at worst a source is read again.
        var changed = new HashSet<string>(ChangedFiles.Select(Path.GetFullPath), StringComparer.OrdinalIgnoreCase);
        foreach (ITaskItem source in Sources)
        {
            string path = source.GetMetadata("FullPath");
            IReadOnlyList<string> patterns = EmbedDirectiveCache.Shared.PatternsOf(path, knownUnchanged: fastPath && !changed.Contains(path), out _);
            if (patterns.Count == 0)
                continue;
            foreach ((string? directory, string? name) in GoEmbedResolver.NewFileLocations(path, patterns))
            {
                if (directory is not null && !IsExcluded(directory))
                    directories.Add(directory);
                if (name is not null)
                    names.Add(name);
            }
            foreach (string f in GoEmbedResolver.Resolve(path, patterns, IsExcluded))
            {
                if (!IsExcluded(Path.GetDirectoryName(f)!))
                    files.Add(f);
            }
        }
        EmbeddedFiles = files.Select(f => (ITaskItem)new TaskItem(f)).ToArray();
        EmbedDirectories = directories.Select(d => (ITaskItem)new TaskItem(d)).ToArray();
        EmbedNamePatterns = string.Join(";", names);
        string outcome = string.Join("\n", files) + "\n|\n" + string.Join("\n", directories) + "\n|\n" + EmbedNamePatterns;
        string project = Path.GetFullPath(ProjectFile) + "|" + string.Join("|", excluded);
        EmbedsChanged = !LastOutcome.TryGetValue(project, out string? last) || last != outcome;
        LastOutcome[project] = outcome;
        Log.LogMessage(MessageImportance.Low, $"//go:embed picks up {EmbeddedFiles.Length} file(s).");
        return true;
    }
}
