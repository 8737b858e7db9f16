using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Rebuilding;
using Microsoft.Build.Definition;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;

namespace Kickstart.Build.Tasks.Tests.Rebuilding;

/// <summary>
/// What the watch's evaluations keep of directory listings, on a real directory: kept only for directories the source
/// watches and only while one watches; forgotten, for the changed path's directory and every one above and below it,
/// with each change reported; never kept when a change came while it was read. Files written without a report stand
/// for "kept": a listing that shows them was read again.
/// </summary>
public sealed class WatchedDirectoryListingsTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly FakeWatcher _watcher = new();
    private readonly WatchedDirectoryListings _listings = new();

    public WatchedDirectoryListingsTests()
    {
        _tree.Write("a.go", "package main\n");
        _tree.Write("pkg/b.go", "package pkg\n");
        _tree.Write("pkg/deep/c.go", "package deep\n");
        _watcher.Watched.UnionWith(new[] { _tree.Path, _tree["pkg"], _tree["pkg/deep"] });
        _listings.WatchedBy(_watcher);
    }

    public void Dispose() => _tree.Dispose();

    private string[] Files(string relative = "") => _listings.EnumerateFiles(relative.Length == 0 ? _tree.Path : _tree[relative]).Select(Path.GetFileName).OrderBy(n => n).ToArray()!;

    private string[] Directories(string relative = "") => _listings.EnumerateDirectories(relative.Length == 0 ? _tree.Path : _tree[relative]).Select(Path.GetFileName).OrderBy(n => n).ToArray()!;

    [Fact]
    public void AWatchedDirectorysListingIsKeptUntilAChangeInItIsReported()
    {
        Assert.Equal(new[] { "b.go" }, Files("pkg"));
        string created = _tree.Write("pkg/new.go", "package pkg\n");
        Assert.Equal(new[] { "b.go" }, Files("pkg"));

        _listings.Changed(new FileChange(created, FileChangeKind.Created));

        Assert.Equal(new[] { "b.go", "new.go" }, Files("pkg"));
    }

    [Fact]
    public void AChangeOutsideADirectoryLeavesItsListingKept()
    {
        Assert.Equal(new[] { "b.go" }, Files("pkg"));
        _tree.Write("pkg/new.go", "package pkg\n");

        // Above that directory, and in a sibling: its own listing stays (the root's goes, as the sibling's parent).
        _listings.Changed(new FileChange(_tree["a.go"], FileChangeKind.Modified));
        _listings.Changed(new FileChange(_tree["other/x.go"], FileChangeKind.Created));

        Assert.Equal(new[] { "b.go" }, Files("pkg"));
    }

    [Fact]
    public void ADirectoryTheSourceDoesNotWatchIsListedEveryTime()
    {
        _watcher.Watched.Remove(_tree["pkg"]);
        Assert.Equal(new[] { "b.go" }, Files("pkg"));
        _tree.Write("pkg/new.go", "package pkg\n");

        Assert.Equal(new[] { "b.go", "new.go" }, Files("pkg"));
        Assert.Equal(0, _listings.Count);
    }

    [Fact]
    public void TheSubdirectoriesOfADirectoryAreNotKeptWhenOneOfThemIsNotWatched()
    {
        // The source says nothing of a directory it leaves out (a package directory named bin/ below the root) going.
        _tree.Write("pkg/bin/tool.go", "package bin\n");
        Assert.Equal(new[] { "bin", "deep" }, Directories("pkg"));
        Directory.Delete(_tree["pkg/bin"], recursive: true);

        Assert.Equal(new[] { "deep" }, Directories("pkg"));
        Assert.Equal(new[] { "b.go" }, Files("pkg"));
    }

    [Fact]
    public void NothingIsKeptWhileNoSourceWatches()
    {
        _listings.WatchedBy(null);
        Assert.Null(_listings.NewContext());
        Assert.Equal(new[] { "b.go" }, Files("pkg"));
        _tree.Write("pkg/new.go", "package pkg\n");

        Assert.Equal(new[] { "b.go", "new.go" }, Files("pkg"));
    }

    [Fact]
    public void AFileInANewDirectoryForgetsTheListingsOfEveryDirectoryAboveIt()
    {
        // The source reports a new directory's files, not always the directory: its parent's listing goes with them.
        Assert.Equal(new[] { "pkg" }, Directories());
        Assert.Equal(new[] { "deep" }, Directories("pkg"));
        string file = _tree.Write("pkg/fresh/d.go", "package fresh\n");

        _listings.Changed(new FileChange(file, FileChangeKind.Created));

        Assert.Equal(new[] { "deep", "fresh" }, Directories("pkg"));
        Assert.Equal(new[] { "pkg" }, Directories());
    }

    [Fact]
    public void ADeletedDirectoryForgetsEverythingBelowIt()
    {
        Assert.Equal(new[] { "c.go" }, Files("pkg/deep"));
        Assert.Equal(new[] { "deep" }, Directories("pkg"));
        Directory.Delete(_tree["pkg/deep"], recursive: true);
        Directory.CreateDirectory(_tree["pkg/deep"]);
        _tree.Write("pkg/deep/other.go", "package deep\n");

        _listings.Changed(new FileChange(_tree["pkg/deep"], FileChangeKind.Deleted));

        Assert.Equal(new[] { "other.go" }, Files("pkg/deep"));
    }

    [Fact]
    public void AnOverflowForgetsEverything()
    {
        Assert.Equal(new[] { "b.go" }, Files("pkg"));
        Assert.Equal(new[] { "a.go" }, Files());
        _tree.Write("pkg/new.go", "package pkg\n");
        _tree.Write("top.go", "package main\n");

        _listings.Changed(new FileChange(_tree.Path, FileChangeKind.Overflow));

        Assert.Equal(new[] { "b.go", "new.go" }, Files("pkg"));
        Assert.Equal(new[] { "a.go", "top.go" }, Files());
    }

    [Fact]
    public void AListingReadWhileAChangeWasReportedIsNotKept()
    {
        // The report comes between the read and the keeping (the source asks whether it watches the directory then).
        _watcher.WhenAsked = () => _listings.Changed(new FileChange(_tree["elsewhere.txt"], FileChangeKind.Created));
        Assert.Equal(new[] { "b.go" }, Files("pkg"));
        _watcher.WhenAsked = null;
        _tree.Write("pkg/new.go", "package pkg\n");

        Assert.Equal(new[] { "b.go", "new.go" }, Files("pkg"));
    }

    [Fact]
    public void AListingIsKeptPerPatternAndAsThePathWasSpelled()
    {
        string spelled = _tree["pkg"] + Path.DirectorySeparatorChar;
        Assert.Equal(new[] { Path.Combine(_tree["pkg"], "b.go") }, _listings.EnumerateFiles(_tree["pkg"], "*.go").ToArray());
        Assert.Equal(new[] { spelled + "b.go" }, _listings.EnumerateFiles(spelled, "*.go").ToArray());
        Assert.Empty(_listings.EnumerateFiles(_tree["pkg"], "*.txt"));
    }

    /// <summary>An evaluation through the kept listings: the glob's new file shows once, and only once, it is reported.</summary>
    [Fact]
    public void AnEvaluationSeesACreatedFileOnceItIsReported()
    {
        string project = _tree.Write("app.proj", "<Project><ItemGroup><GoCompile Include=\"**/*.go\" /></ItemGroup></Project>");
        using var projects = new ProjectCollection();
        string[] Evaluate() => ProjectInstance.FromFile(project, new ProjectOptions { ProjectCollection = projects, EvaluationContext = _listings.NewContext() })
            .GetItems("GoCompile").Select(i => i.EvaluatedInclude.Replace('\\', '/')).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        Assert.Equal(new[] { "a.go", "pkg/b.go", "pkg/deep/c.go" }, Evaluate());
        Assert.True(_listings.Count >= 3, "no listing kept");
        string created = _tree.Write("pkg/deep/e.go", "package deep\n");
        Assert.Equal(new[] { "a.go", "pkg/b.go", "pkg/deep/c.go" }, Evaluate());

        _listings.Changed(new FileChange(created, FileChangeKind.Created));

        Assert.Equal(new[] { "a.go", "pkg/b.go", "pkg/deep/c.go", "pkg/deep/e.go" }, Evaluate());
    }

    private sealed class FakeWatcher : IWatchedDirectories
    {
        public HashSet<string> Watched { get; } = new(StringComparer.Ordinal);

        public Action? WhenAsked { get; set; }

        public bool IsWatching(string directory)
        {
            WhenAsked?.Invoke();
            return Watched.Contains(directory);
        }
    }
}
