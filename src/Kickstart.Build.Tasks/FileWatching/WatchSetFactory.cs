using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>Turns the items the project returns (_KickstartCollectWatchItems) into a <see cref="WatchSet"/>.</summary>
/// <remarks>
/// Each item says what a change to it needs in its KickstartOnChange metadata (defaults per item type in Sdk.props):
/// <c>rebuild</c> (Go sources, embedded files, module files), <c>restart</c> (content the server reads at start:
/// templates, Watch items — a new server, no build), <c>reload</c> (static files the server serves from disk: open pages
/// reload), <c>evaluate</c> (the project file and its imports). A file that is several items needs the strongest of
/// their values (an embedded template: rebuild). Two kinds of file always need at least a build, whatever the metadata
/// says: a Go source (it is compiled) and a referenced project's file (it reaches this server only through a build of
/// that project: a client's page is copied to wwwroot/). Items with KickstartWatchPattern metadata are not files but
/// what makes a new file relevant before an evaluation has made it an item: item globs (<c>names</c>:
/// KickstartWatchNames="$(GoContentPatterns)") or a directory (<c>directory</c>: what a //go:embed directive embeds).
/// </remarks>
internal static class WatchSetFactory
{
    public const string OnChangeMetadata = ChangeNeeds.Metadata;
    public const string PatternMetadata = "KickstartWatchPattern";
    public const string PatternNamesMetadata = "KickstartWatchNames";
    /// <summary>Set by _KickstartCollectReferenceWatchItems on the files of referenced projects.</summary>
    public const string FromReferenceMetadata = "KickstartFromReference";
    /// <summary>Set by the same target: the referenced project (of this project's own references) a file comes through.</summary>
    public const string ReferenceProjectMetadata = "KickstartReferenceProject";

    // What a new file must look like to count before the next evaluation has made it an item.
    private static readonly string[] AlwaysWatchedNames = { "*.go", "go.mod", "go.sum", "go.work", "go.work.sum" };

    /// <param name="itemGlobNames">File-name globs of the project file's own item wildcards (see IterationBuilder).</param>
    public static WatchSet Create(string projectDirectory, IReadOnlyList<ITaskItem> items, IReadOnlyList<string> excludedDirectories,
        IReadOnlyList<string>? itemGlobNames = null)
    {
        string root = Path.GetFullPath(projectDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var files = new List<string>();
        var ignored = new List<string>();
        var restart = new List<string>();
        var project = new List<string>();
        var referenced = new List<string>();
        var referenceOf = new Dictionary<string, string>(PathComparison.Comparer);
        var knownReferences = new HashSet<string>(PathComparison.Comparer);
        var reloadNames = new List<string>();
        var embedNames = new List<string>();
        var needs = new Dictionary<string, ChangeNeed>(PathComparison.Comparer);
        var patterns = new List<string>(AlwaysWatchedNames.Concat(itemGlobNames ?? Array.Empty<string>()));
        var directories = new List<string>();
        foreach (ITaskItem item in items)
        {
            string pattern = item.GetMetadata(PatternMetadata);
            if (pattern == "names")
            {
                // Item globs as the project writes them ("**\*.gohtml;views\**\*.txt"): their file-name part decides.
                List<string> names = item.GetMetadata(PatternNamesMetadata)
                    .Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => p.Trim().Replace('\\', '/'))
                    .Select(p => p.Substring(p.LastIndexOf('/') + 1))
                    .Where(p => p.Length > 0)
                    .ToList();
                patterns.AddRange(names);
                // Static files (GoStaticContentPatterns) are known by name only: what they need comes with the names;
                // the names a //go:embed glob embeds (rebuild) outrank them.
                string byName = item.GetMetadata(OnChangeMetadata);
                if (byName.Length > 0 && ChangeNeeds.TryParse(byName, out ChangeNeed namesNeed))
                {
                    if (namesNeed == ChangeNeed.Reload)
                        reloadNames.AddRange(names);
                    else if (namesNeed == ChangeNeed.Rebuild)
                        embedNames.AddRange(names);
                }
                continue;
            }
            if (pattern == "directory")
            {
                directories.Add(item.GetMetadata("FullPath"));
                continue;
            }
            string path = item.GetMetadata("FullPath");
            if (path.Length == 0)
                continue;
            if (string.Equals(item.GetMetadata("Watch"), "false", StringComparison.OrdinalIgnoreCase))
            {
                ignored.Add(path);
                continue;
            }
            // Imports outside the project (the SDK itself, a repository's Directory.Build.props) would make their whole
            // folders watch roots; they are left out unless the user lists them as Watch items.
            if (!path.StartsWith(root, StringComparison.Ordinal) && item.GetMetadata("KickstartWatchOutside") != "true")
                continue;
            files.Add(path);
            // An unknown value is KS2053 when the watch starts, and for content items in every rebuild (ValidateGoProject);
            // should one get here anyway (a Go source's, edited in while the watch runs), a build is never wrong.
            ChangeNeeds.TryParse(item.GetMetadata(OnChangeMetadata), out ChangeNeed need);
            if (need == ChangeNeed.Restart)
                restart.Add(path);
            else if (need == ChangeNeed.Evaluate)
                project.Add(path);
            bool fromReference = item.GetMetadata(FromReferenceMetadata) == "true";
            if (fromReference)
                referenced.Add(path);
            string reference = item.GetMetadata(ReferenceProjectMetadata);
            if (reference.Length > 0)
            {
                referenceOf[path] = reference;
                // A reference that listed files of its own (a Kickstart project) is known file by file; one that did not
                // (a C# project: only its project file is watched) never is.
                if (fromReference)
                    knownReferences.Add(reference);
            }
            if (path.EndsWith(".go", StringComparison.OrdinalIgnoreCase) || fromReference)
                need = ChangeNeeds.Max(need, ChangeNeed.Rebuild);
            needs[path] = needs.TryGetValue(path, out ChangeNeed other) ? ChangeNeeds.Max(other, need) : need;
        }
        patterns.AddRange(files
            .Select(Path.GetExtension)
            .Where(e => !string.IsNullOrEmpty(e) && e != ".proj" && e != ".props" && e != ".targets")
            .Select(e => "*" + e!));
        return new WatchSet(projectDirectory, files, ignored, excludedDirectories, patterns.Distinct(StringComparer.Ordinal).ToList(),
            directories, restart, project, needs, referenced, reloadNames, embedNames, new ReferenceFiles(referenceOf, knownReferences));
    }

    /// <summary>
    /// Before the first evaluation has said what to watch, and for as long as the project cannot be evaluated at all
    /// (broken XML at start): every file under the project directory is relevant, so that nothing saved meanwhile is
    /// missed and the fix is seen (at worst a change causes one build more).
    /// </summary>
    public static WatchSet BeforeFirstEvaluation(string projectDirectory, IReadOnlyList<string> excludedDirectories) =>
        new(projectDirectory, Array.Empty<string>(), Array.Empty<string>(), excludedDirectories, new[] { "*" });
}
