using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Session;
using Kickstart.TestSupport;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>
/// Which batches a service's watch leaves alone because they cannot change its binary (a module of several services:
/// cmd/api, cmd/worker, internal/shared, internal/apionly), and when its package graph has to be listed again.
/// </summary>
public sealed class ServerBuildScopeTests : IDisposable
{
    private const string Module = "example.com/app";
    private readonly TempDirectory _dir = new("kickstart-scope-");
    private readonly FakeGraph _graph = new();
    private readonly ServerBuildScope _scope;
    private readonly WatchSet _set;

    public ServerBuildScopeTests()
    {
        Write("cmd/worker/main.go", MainFile("internal/shared"));
        Write("cmd/api/main.go", MainFile("internal/shared", "internal/apionly"));
        Write("internal/shared/shared.go", "package shared\n");
        Write("internal/shared/shared_test.go", "package shared\n");
        Write("internal/apionly/apionly.go", "package apionly\n\nimport \"strings\"\n\nvar _ = strings.ToUpper\n");
        Write("internal/apionly/apionly_test.go", "package apionly\n");
        Write("views/index.gohtml", "<p>");
        Write("go.mod", "module example.com/app\n");
        _set = new WatchSet(_dir.Path,
            files: new[] { "cmd/worker/main.go", "cmd/api/main.go", "internal/shared/shared.go", "internal/shared/shared_test.go", "internal/apionly/apionly.go",
                "internal/apionly/apionly_test.go", "views/index.gohtml", "go.mod", "worker.proj" },
            ignoredFiles: Array.Empty<string>(), excludedDirectories: Array.Empty<string>(), newFilePatterns: new[] { "*.go" },
            restartFiles: new[] { "views/index.gohtml" }, projectFiles: new[] { "worker.proj" });
        // The worker's build: its main package and the shared one.
        _graph.Current = Graph(("cmd/worker", new[] { Module + "/internal/shared", "fmt" }), ("internal/shared", Array.Empty<string>()));
        _scope = new ServerBuildScope(_graph);
    }

    public void Dispose() => _dir.Dispose();

    // The sample's WebAssembly client: its sources are no package of the server's build, yet its build is.
    [Fact]
    public void AReferencedProjectsGoFileAlwaysCounts()
    {
        Write("client/main.go", "//go:build js && wasm\n\npackage main\n\nfunc main() {}\n");
        var set = new WatchSet(_dir.Path, files: new[] { "cmd/worker/main.go", "client/main.go" }, ignoredFiles: Array.Empty<string>(),
            excludedDirectories: Array.Empty<string>(), newFilePatterns: new[] { "*.go" }, referencedProjectFiles: new[] { "client/main.go" });
        var batch = new[] { Modified(_dir.At("client/main.go")) };
        Assert.False(_scope.LeavesTheBinaryAsItIs(batch, set, File.Exists));
        // The same file, were it no referenced project's, is outside the graph.
        var own = new WatchSet(_dir.Path, files: new[] { "cmd/worker/main.go", "client/main.go" }, ignoredFiles: Array.Empty<string>(),
            excludedDirectories: Array.Empty<string>(), newFilePatterns: new[] { "*.go" });
        Assert.True(_scope.LeavesTheBinaryAsItIs(batch, own, File.Exists));
    }

    private static string MainFile(params string[] packages) =>
        "package main\n\nimport (\n\t\"fmt\"\n" + string.Concat(packages.Select(p => $"\t_ \"{Module}/{p}\"\n")) + ")\n\nfunc main() { fmt.Println(\"v1\") }\n";

    private void Write(string relative, string content) => _dir.Write(relative, content);

    private PackageSet Graph(params (string Directory, string[] Imports)[] packages) =>
        new(packages.Select(p => new KeyValuePair<string, IEnumerable<string>>(_dir.At(p.Directory), p.Imports)));

    private static FileChange Modified(string path) => new(path, FileChangeKind.Modified);

    private bool LeavesTheBinaryAsItIs(params string[] relative) =>
        _scope.LeavesTheBinaryAsItIs(relative.Select(r => Modified(_dir.At(r))).ToList(), _set, File.Exists);

    private void Build(params string[] relative)
    {
        _scope.BeforeBuild(relative.Select(r => Modified(_dir.At(r))).ToList(), projectChanged: false);
        _scope.AfterBuild(evaluatedAnew: false);
    }

    [Fact]
    public void AGoFileOfAPackageOutsideTheGraphLeavesTheBinaryAsItIs() => Assert.True(LeavesTheBinaryAsItIs("internal/apionly/apionly.go"));

    [Theory]
    [InlineData("internal/shared/shared.go")]
    [InlineData("cmd/worker/main.go")]
    public void AGoFileOfAPackageInTheGraphCounts(string file) => Assert.False(LeavesTheBinaryAsItIs(file));

    [Fact]
    public void TestFilesNeverChangeTheBinaryWhereverTheyAre()
    {
        Assert.True(LeavesTheBinaryAsItIs("internal/shared/shared_test.go"));
        Assert.True(LeavesTheBinaryAsItIs("internal/apionly/apionly_test.go", "internal/apionly/apionly.go"));
        // A created test file too: go build never reads one.
        Assert.True(_scope.LeavesTheBinaryAsItIs(new[] { new FileChange(_dir.At("cmd/worker/new_test.go"), FileChangeKind.Created) }, _set, File.Exists));
    }

    [Fact]
    public void ABatchWithOneChangeOfTheBuildCountsAsAWhole() =>
        Assert.False(LeavesTheBinaryAsItIs("internal/apionly/apionly.go", "internal/shared/shared.go"));

    [Theory]
    [InlineData("go.mod")]
    [InlineData("views/index.gohtml")] // a template the server may read at start, whichever package it sits beside
    [InlineData("worker.proj")]
    public void FilesThatAreNoGoSourcesAlwaysCount(string file) => Assert.False(LeavesTheBinaryAsItIs(file));

    [Fact]
    public void ACreatedOrDeletedGoFileOutsideTheGraphTakesThePathItTookBefore()
    {
        Write("internal/apionly/new.go", "package apionly\n");
        Assert.False(_scope.LeavesTheBinaryAsItIs(new[] { new FileChange(_dir.At("internal/apionly/new.go"), FileChangeKind.Created) }, _set, File.Exists));
        File.Delete(_dir.At("internal/apionly/apionly.go"));
        Assert.False(_scope.LeavesTheBinaryAsItIs(new[] { new FileChange(_dir.At("internal/apionly/apionly.go"), FileChangeKind.Deleted) }, _set, File.Exists));
    }

    [Fact]
    public void AnUnknownGraphLetsEveryChangeCount()
    {
        _graph.Current = null;
        Assert.False(LeavesTheBinaryAsItIs("internal/apionly/apionly.go"));
        Assert.False(new ServerBuildScope(graph: null).LeavesTheBinaryAsItIs(new[] { Modified(_dir.At("internal/apionly/apionly.go")) }, _set, File.Exists));
        Assert.False(ServerBuildScope.Everything.LeavesTheBinaryAsItIs(new[] { Modified(_dir.At("internal/apionly/apionly.go")) }, _set, File.Exists));
        // Turned off, it leaves everything as it was before, test files included; merely unknown, it knows test files.
        Assert.False(ServerBuildScope.Everything.LeavesTheBinaryAsItIs(new[] { Modified(_dir.At("internal/shared/shared_test.go")) }, _set, File.Exists));
        Assert.True(LeavesTheBinaryAsItIs("internal/shared/shared_test.go"));
    }

    [Fact]
    public void ANewImportInAFileOfTheBuildMakesTheGraphUnknownUntilItIsListedAgain()
    {
        Write("cmd/worker/main.go", MainFile("internal/shared", "internal/apionly"));
        _scope.BeforeBuild(new[] { Modified(_dir.At("cmd/worker/main.go")) }, projectChanged: false);
        Assert.False(LeavesTheBinaryAsItIs("internal/apionly/apionly.go"));
        Assert.Equal(0, _graph.Refreshes); // not while go builds: after the build, while the server starts

        _scope.AfterBuild(evaluatedAnew: false);
        Assert.Equal(1, _graph.Refreshes);
        _graph.Current = Graph(("cmd/worker", new[] { Module + "/internal/shared", Module + "/internal/apionly" }), ("internal/shared", Array.Empty<string>()),
            ("internal/apionly", Array.Empty<string>()));
        Assert.False(LeavesTheBinaryAsItIs("internal/apionly/apionly.go"));
    }

    [Fact]
    public void AnEditBelowTheImportsListsNothingAgain()
    {
        Write("cmd/worker/main.go", MainFile("internal/shared").Replace("v1", "v2"));
        Build("cmd/worker/main.go");
        Write("cmd/worker/main.go", MainFile("internal/shared").Replace("v1", "v3"));
        Build("cmd/worker/main.go");
        Assert.Equal(0, _graph.Refreshes);
        Assert.True(LeavesTheBinaryAsItIs("internal/apionly/apionly.go"));
    }

    [Fact]
    public void AnImportTakenOutIsSeenOnceTheFileWasReadBefore()
    {
        Build("cmd/worker/main.go"); // read once: its imports as go list knows them
        Write("cmd/worker/main.go", MainFile());
        Build("cmd/worker/main.go");
        Assert.Equal(1, _graph.Refreshes);
    }

    [Fact]
    public void ImportsOfAPackageOutsideTheGraphDoNotChangeIt()
    {
        Write("internal/apionly/apionly.go", "package apionly\n\nimport \"example.com/app/internal/shared\"\n");
        Build("internal/apionly/apionly.go");
        Assert.Equal(0, _graph.Refreshes);
    }

    [Fact]
    public void ABuildThatEvaluatedTheProjectAnewListsThePackagesAgain()
    {
        _scope.AfterBuild(evaluatedAnew: true);
        Assert.Equal(1, _graph.Refreshes);
    }

    [Fact]
    public void AFailedListingIsTriedAgainAfterTheNextBuildButNotWhileOneIsUnderWay()
    {
        _graph.Current = null;
        _graph.Listing = true;
        _scope.AfterBuild(evaluatedAnew: false);
        Assert.Equal(0, _graph.Refreshes);
        _graph.Listing = false;
        _scope.AfterBuild(evaluatedAnew: false);
        Assert.Equal(1, _graph.Refreshes);
    }

    [Fact]
    public void AGoFileChangedWhileTheGraphIsBeingListedListsItAgain()
    {
        _graph.Current = null;
        _graph.Listing = true;
        _scope.BeforeBuild(new[] { Modified(_dir.At("internal/shared/shared.go")) }, projectChanged: false);
        _scope.AfterBuild(evaluatedAnew: false);
        Assert.Equal(1, _graph.Refreshes);
    }

    [Fact]
    public void AfterAnEditOfTheProjectFileEveryChangeCounts()
    {
        // Its Go settings (GoTags, GoMainPackage) may be others now, and the graph was listed with those of the start.
        _scope.BeforeBuild(new[] { Modified(_dir.At("worker.proj")) }, projectChanged: true);
        _scope.AfterBuild(evaluatedAnew: true);
        Assert.Equal(0, _graph.Refreshes);
        Assert.False(LeavesTheBinaryAsItIs("internal/apionly/apionly.go"));
    }

    private sealed class FakeGraph : IPackageGraph
    {
        public PackageSet? Current { get; set; }
        public bool Listing { get; set; }
        public int Refreshes { get; private set; }

        public void Refresh() => Refreshes++;
    }
}
