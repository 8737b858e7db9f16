using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Linq;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// What the project says to watch, turned into the three answers the watcher needs: which directory trees to watch
/// (<see cref="Roots"/>), which directories to stay out of, and whether a changed path matters. Pure logic, no IO:
/// paths are compared as strings (case-insensitively on Windows and macOS).
/// </summary>
public sealed class WatchSet
{
    // Never worth watching wherever they appear: VCS data, JavaScript dependencies, .NET build output.
    private static readonly string[] AlwaysExcludedDirectoryNames = { ".git", "node_modules", "bin", "obj" };

    private readonly HashSet<string> _files;
    private readonly HashSet<string> _ignoredFiles;
    private readonly string[] _excludedDirectories;
    private readonly string[] _newFilePatterns;
    private readonly string[] _newFileDirectories;
    private readonly HashSet<string> _restartFiles;
    private readonly HashSet<string> _projectFiles;
    // What a change to a listed file needs, when that is not rebuild (the default) or evaluate (project files).
    private readonly Dictionary<string, ChangeNeed> _needs;
    private readonly HashSet<string> _referencedProjectFiles;
    private readonly string[] _reloadNames;
    private readonly string[] _buildNames;

    // Every directory between a listed file and its root: deleting or moving away one of these loses watched files.
    private readonly HashSet<string> _directoriesHoldingFiles;

    /// <param name="projectDirectory">The project's directory; relative paths below are resolved against it.</param>
    /// <param name="files">The files the project lists as inputs.</param>
    /// <param name="ignoredFiles">Files marked Watch="false": never relevant.</param>
    /// <param name="excludedDirectories">Directories never watched (bin, obj, output directories...), with everything under them.</param>
    /// <param name="newFilePatterns">File-name globs ("*.go", "go.mod") that make a file the project does not list yet relevant.</param>
    /// <param name="newFileDirectories">Directories any new file in which is relevant, however it is named (what a
    /// <c>//go:embed static</c> directive embeds).</param>
    /// <param name="projectFiles">The project file and its imports: a change to one means evaluating the project anew.</param>
    /// <param name="restartFiles">Listed files the running server reads (templates parsed at start, a config file): a
    /// change to one needs a new server even when the binary did not change.</param>
    /// <param name="needs">What a change to each listed file needs (<see cref="NeedOf"/>), one value per file; a file not
    /// given needs <see cref="ChangeNeed.Restart"/> when it is a restart file, else <see cref="ChangeNeed.Rebuild"/>.</param>
    /// <param name="reloadNames">File-name globs of static files (GoStaticContentPatterns): a file of such a name that is
    /// no item and lies in no embedded directory is served from disk as it is, and needs a page reload, never a build.</param>
    /// <param name="buildNames">File-name globs a //go:embed directive embeds beside its source (<c>*.css</c>): a new file
    /// of such a name may be embedded, so it is never a static file by name.</param>
    /// <param name="referencedProjectFiles">Listed files that belong to a referenced project (a WebAssembly client): they
    /// reach this server through that project's build, whatever this server's own packages are.</param>
    /// <param name="references">Which reference each of those files comes through (what a rebuild may leave unbuilt).</param>
    public WatchSet(
        string projectDirectory,
        IEnumerable<string> files,
        IEnumerable<string> ignoredFiles,
        IEnumerable<string> excludedDirectories,
        IEnumerable<string> newFilePatterns,
        IEnumerable<string>? newFileDirectories = null,
        IEnumerable<string>? restartFiles = null,
        IEnumerable<string>? projectFiles = null,
        IEnumerable<KeyValuePair<string, ChangeNeed>>? needs = null,
        IEnumerable<string>? referencedProjectFiles = null,
        IEnumerable<string>? reloadNames = null,
        IEnumerable<string>? buildNames = null,
        ReferenceFiles? references = null)
    {
        string project = PathComparison.Normalize(projectDirectory);
        _files = new HashSet<string>(files.Select(f => Resolve(project, f)), PathComparison.Comparer);
        _ignoredFiles = new HashSet<string>(ignoredFiles.Select(f => Resolve(project, f)), PathComparison.Comparer);
        _excludedDirectories = excludedDirectories.Select(d => Resolve(project, d)).Distinct(PathComparison.Comparer).ToArray();
        _newFilePatterns = newFilePatterns.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToArray();
        _newFileDirectories = (newFileDirectories ?? Array.Empty<string>()).Select(d => Resolve(project, d)).Distinct(PathComparison.Comparer).ToArray();
        _restartFiles = new HashSet<string>((restartFiles ?? Array.Empty<string>()).Select(f => Resolve(project, f)), PathComparison.Comparer);
        _projectFiles = new HashSet<string>((projectFiles ?? Array.Empty<string>()).Select(f => Resolve(project, f)), PathComparison.Comparer);
        _needs = new Dictionary<string, ChangeNeed>(PathComparison.Comparer);
        foreach (KeyValuePair<string, ChangeNeed> need in needs ?? Array.Empty<KeyValuePair<string, ChangeNeed>>())
        {
            string path = Resolve(project, need.Key);
            _needs[path] = _needs.TryGetValue(path, out ChangeNeed other) ? ChangeNeeds.Max(other, need.Value) : need.Value;
        }
        _reloadNames = (reloadNames ?? Array.Empty<string>()).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToArray();
        _buildNames = (buildNames ?? Array.Empty<string>()).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToArray();
        _referencedProjectFiles = new HashSet<string>((referencedProjectFiles ?? Array.Empty<string>()).Select(f => Resolve(project, f)), PathComparison.Comparer);
        References = references ?? ReferenceFiles.None;
        Roots = ComputeRoots(project, _files);
        _directoriesHoldingFiles = CollectDirectoriesHoldingFiles(_files, Roots);
    }

    /// <summary>Which reference each referenced project's file comes through.</summary>
    public ReferenceFiles References { get; }

    /// <summary>The project directory, then the directories of listed files outside it; none nested in another.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>
    /// True for the excluded directories and anything under them, and for directories named .git, node_modules, bin or
    /// obj anywhere below a root (names above the root do not count: a project may well live in ~/bin/app).
    /// </summary>
    public bool IsExcludedDirectory(string fullPath)
    {
        string path = PathComparison.Normalize(fullPath);
        foreach (string excluded in _excludedDirectories)
        {
            if (PathComparison.IsSameOrUnder(path, excluded))
            {
                return true;
            }
        }

        string? root = FindRoot(path);
        ReadOnlySpan<char> belowRoot = root is null ? Path.GetFileName(path.AsSpan()) : path.AsSpan(root.Length);
        return ContainsAlwaysExcludedName(belowRoot);
    }

    /// <summary>
    /// Whether a change to this path should trigger a rebuild: ignored files never; anything in an excluded directory
    /// never; listed files yes; otherwise files whose name matches a new-file pattern. A directory that held listed
    /// files counts too (it was deleted or moved away with them).
    /// </summary>
    public bool IsRelevant(string fullPath)
    {
        string path = PathComparison.Normalize(fullPath);
        if (_ignoredFiles.Contains(path))
        {
            return false;
        }

        string? directory = Path.GetDirectoryName(path);
        if (directory is not null && IsExcludedDirectory(directory))
        {
            return false;
        }

        if (_files.Contains(path) || _directoriesHoldingFiles.Contains(path))
        {
            return true;
        }

        return IsInNewFileDirectory(path) || NameMatchesAny(path, _newFilePatterns);
    }

    // Under a directory a //go:embed directive embeds: any file there is the build's.
    private bool IsInNewFileDirectory(string path) => _newFileDirectories.Any(directory => PathComparison.IsSameOrUnder(path, directory));

    private static bool NameMatchesAny(string path, string[] patterns)
    {
        string name = Path.GetFileName(path);
        return patterns.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, name, PathComparison.IgnoreCase));
    }

    /// <summary>
    /// Whether a change to this path needs a new server even when the build gives the same binary: the server read
    /// the file at start (a template, a config file), and only a new process reads it again.
    /// </summary>
    public bool NeedsRestart(string fullPath) => _restartFiles.Contains(PathComparison.Normalize(fullPath));

    /// <summary>
    /// What a change to this listed file needs: <see cref="ChangeNeed.Evaluate"/> for the project file and its imports,
    /// else the file's own value. A path the project does not list needs <see cref="ChangeNeed.Rebuild"/> (and, being
    /// new to the project, an evaluation: <see cref="Session.ReloadPlanner"/> asks <see cref="IsListedFile"/> first).
    /// </summary>
    public ChangeNeed NeedOf(string fullPath)
    {
        string path = PathComparison.Normalize(fullPath);
        if (_projectFiles.Contains(path))
            return ChangeNeed.Evaluate;
        if (_needs.TryGetValue(path, out ChangeNeed need))
            return need;
        if (_restartFiles.Contains(path))
            return ChangeNeed.Restart;
        return IsStaticByName(path) ? ChangeNeed.Reload : ChangeNeed.Rebuild;
    }

    /// <summary>Whether the project lists this file (or a directory that holds listed files).</summary>
    public bool IsListed(string fullPath)
    {
        string path = PathComparison.Normalize(fullPath);
        return _files.Contains(path) || _directoriesHoldingFiles.Contains(path);
    }

    /// <summary>
    /// Whether this is a static file known by its name alone (GoStaticContentPatterns): no item of the project, in no
    /// directory a //go:embed directive embeds. Created, changed or deleted, it changes neither the items nor the binary.
    /// </summary>
    public bool IsStaticByName(string fullPath)
    {
        string path = PathComparison.Normalize(fullPath);
        if (_reloadNames.Length == 0 || _files.Contains(path) || _ignoredFiles.Contains(path) || _directoriesHoldingFiles.Contains(path))
            return false;
        return !IsInNewFileDirectory(path) && !NameMatchesAny(path, _buildNames) && NameMatchesAny(path, _reloadNames);
    }

    /// <summary>Whether this file belongs to a referenced project (it is built by that project's build, not this server's packages).</summary>
    public bool IsFromReferencedProject(string fullPath) => _referencedProjectFiles.Contains(PathComparison.Normalize(fullPath));

    /// <summary>Whether the project lists this very file (not a directory).</summary>
    public bool IsListedFile(string fullPath) => _files.Contains(PathComparison.Normalize(fullPath));

    /// <summary>Whether this is the project file or one of its imports: the project must be read and evaluated anew.</summary>
    public bool IsProjectFile(string fullPath) => _projectFiles.Contains(PathComparison.Normalize(fullPath));

    private static string Resolve(string projectDirectory, string path) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, projectDirectory));

    private static IReadOnlyList<string> ComputeRoots(string projectDirectory, IEnumerable<string> files)
    {
        var candidates = new List<string> { projectDirectory };
        foreach (string file in files)
        {
            if (!PathComparison.IsSameOrUnder(file, projectDirectory) && Path.GetDirectoryName(file) is { } directory)
            {
                candidates.Add(directory);
            }
        }

        // Shortest first, so that a directory is only kept when no kept root already contains it; then back in the
        // order the candidates came (project directory first) so that Roots is predictable.
        var roots = new List<string>();
        foreach (string candidate in candidates.OrderBy(c => c.Length))
        {
            if (!roots.Any(root => PathComparison.IsSameOrUnder(candidate, root)))
            {
                roots.Add(candidate);
            }
        }

        return roots.OrderBy(root => candidates.FindIndex(c => PathComparison.Comparer.Equals(c, root))).ToArray();
    }

    private static HashSet<string> CollectDirectoriesHoldingFiles(IEnumerable<string> files, IReadOnlyList<string> roots)
    {
        var directories = new HashSet<string>(PathComparison.Comparer);
        foreach (string file in files)
        {
            string? directory = Path.GetDirectoryName(file);
            while (directory is not null && directories.Add(directory) && !roots.Contains(directory, PathComparison.Comparer))
            {
                directory = Path.GetDirectoryName(directory);
            }
        }

        return directories;
    }

    private string? FindRoot(string path)
    {
        foreach (string root in Roots)
        {
            if (PathComparison.IsSameOrUnder(path, root))
            {
                return root;
            }
        }

        return null;
    }

    private static bool ContainsAlwaysExcludedName(ReadOnlySpan<char> relativePath)
    {
        while (!relativePath.IsEmpty)
        {
            int separator = relativePath.IndexOfAny(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            ReadOnlySpan<char> segment = separator < 0 ? relativePath : relativePath[..separator];
            foreach (string name in AlwaysExcludedDirectoryNames)
            {
                if (segment.Equals(name, PathComparison.Comparison))
                {
                    return true;
                }
            }

            relativePath = separator < 0 ? ReadOnlySpan<char>.Empty : relativePath[(separator + 1)..];
        }

        return false;
    }
}
