using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// Which changes cannot make a difference to this server's binary: a test file (`go build` never compiles one), or a Go
/// file of a package outside the server's package graph (another service's own package, in a module of several). The
/// watch of that other service builds for it; this one does nothing.
/// </summary>
/// <remarks>
/// Only modifications of Go files the watch already lists are judged; everything else counts as before (a created,
/// deleted or renamed file, an embedded file, a template, go.mod/go.sum/go.work, the project file). While the graph is
/// unknown — not listed yet, being listed again, go list failed, or the project file changed (the graph's settings are
/// those the watch started with) — every change counts: the graph can save a build, never miss one.
/// The graph is listed again after the first build, after every build that evaluated the project anew (files created or
/// deleted, module files), and after a build of a Go file whose imports changed (read from the changed files only).
/// </remarks>
internal sealed class ServerBuildScope
{
    /// <summary>No graph (KickstartWatchUsePackageGraph=false): every change counts, test files too, as before.</summary>
    public static ServerBuildScope Everything => new(graph: null);

    private readonly IPackageGraph? _graph;
    // The imports of each Go file as last read, to tell whether a change touched its import block.
    private readonly Dictionary<string, IReadOnlyList<string>?> _importsByFile = new(PathComparison.Comparer);
    private bool _refreshDue;
    private bool _projectChanged;

    public ServerBuildScope(IPackageGraph? graph) => _graph = graph;

    /// <summary>The packages of the build, while they are known to be current; null when every change has to count.</summary>
    private PackageSet? Known => _graph is null || _projectChanged || _refreshDue ? null : _graph.Current;

    /// <summary>True when no change of <paramref name="batch"/> can change the binary (and the batch is not empty).</summary>
    /// <param name="batch">The batch, already filtered to relevant changes.</param>
    /// <param name="watched">The watch set of the last evaluation.</param>
    /// <param name="fileExists">Whether a file exists now.</param>
    public bool LeavesTheBinaryAsItIs(IReadOnlyList<FileChange> batch, WatchSet watched, Func<string, bool> fileExists)
    {
        if (batch.Count == 0 || _graph is null)
            return false;
        PackageSet? packages = Known;
        return batch.All(change => CannotChangeTheBinary(change, packages, watched, fileExists));
    }

    private static bool CannotChangeTheBinary(FileChange change, PackageSet? packages, WatchSet watched, Func<string, bool> fileExists)
    {
        if (change.Kind == FileChangeKind.Overflow || !IsGoFile(change.Path))
            return false;
        // A referenced project's source (a WebAssembly client) is none of this server's packages, yet its build is part
        // of this server's: its own graph is not listed, so it always counts.
        if (watched.IsFromReferencedProject(change.Path))
            return false;
        if (IsTestFile(change.Path))
            return true;
        // A created or deleted file changes the project's items: the planner's full path decides, as for every project.
        if (packages is null || !watched.IsListedFile(change.Path) || !fileExists(change.Path))
            return false;
        return !packages.Holds(Path.GetDirectoryName(change.Path)!);
    }

    /// <summary>
    /// Before a batch is built: a changed Go file of the build whose imports changed may bring packages into the graph
    /// (or take them out), so the graph counts as unknown until it is listed again after this build.
    /// </summary>
    /// <param name="projectChanged">The project file or an import changed (its Go settings may be others now).</param>
    public void BeforeBuild(IReadOnlyList<FileChange> batch, bool projectChanged)
    {
        if (_graph is null)
            return;
        _projectChanged |= projectChanged;
        PackageSet? packages = _graph.Current;
        foreach (FileChange change in batch)
        {
            if (change.Kind == FileChangeKind.Overflow || !IsGoFile(change.Path) || IsTestFile(change.Path))
                continue;
            string directory = Path.GetDirectoryName(change.Path)!;
            // A package outside the build may import what it likes: this server's graph stays the same.
            if (packages is not null && !packages.Holds(directory))
                continue;
            if (ImportsChanged(change.Path, directory, packages))
                _refreshDue = true;
        }
        // A listing under way may have read a file before this change: only one started after it can be trusted.
        if (packages is null && _graph.Listing && batch.Any(change => IsGoFile(change.Path)))
            _refreshDue = true;
    }

    /// <summary>After a build (the server not started yet): lists the packages again when they may have changed, off the
    /// loop's thread — the listing runs while the new server starts, and the next batch finds it done.</summary>
    /// <param name="evaluatedAnew">The project was evaluated anew: files were created or deleted, or go.mod/go.work changed.</param>
    public void AfterBuild(bool evaluatedAnew)
    {
        if (_graph is null || _projectChanged)
            return;
        if (_refreshDue || evaluatedAnew || (_graph.Current is null && !_graph.Listing))
        {
            _refreshDue = false;
            _graph.Refresh();
        }
    }

    // Compared with what the file imported when last read; a file read for the first time, with what go list says its
    // package imports (a new import brings a package in; one that only goes away cannot be told yet, which costs builds only).
    private bool ImportsChanged(string file, string directory, PackageSet? packages)
    {
        IReadOnlyList<string>? now = GoImportBlock.Read(file);
        bool changed = _importsByFile.TryGetValue(file, out IReadOnlyList<string>? before)
            ? before is null || now is null || !before.SequenceEqual(now, StringComparer.Ordinal)
            : now is null || (packages is not null && now.Any(path => !packages.Imports(directory, path)));
        _importsByFile[file] = now;
        return changed;
    }

    private static bool IsGoFile(string path) => path.EndsWith(".go", StringComparison.Ordinal);

    private static bool IsTestFile(string path) => path.EndsWith("_test.go", StringComparison.Ordinal);
}
