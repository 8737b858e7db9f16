using System;
using System.Collections.Generic;
using System.IO;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>WatchSet is pure logic: the paths below need not exist.</summary>
public sealed class WatchSetTests
{
    private static readonly string Base = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "kickstart-watchset"));
    private static readonly string Project = Path.Combine(Base, "app");

    private static readonly WatchSet Set = new(
        Project,
        files: new[] { "main.go", "handlers.go", "go.mod", "assets/logo.png", "store/store.go", "generated.go", "../shared/util.go" },
        ignoredFiles: new[] { "generated.go" },
        excludedDirectories: new[] { Path.Combine(Project, "bin"), Path.Combine(Project, "obj"), Path.Combine(Project, "out") },
        newFilePatterns: new[] { "*.go", "*.gohtml", "go.mod" });

    [Theory]
    [InlineData("main.go", true)]                  // listed
    [InlineData("handlers.go", true)]
    [InlineData("go.mod", true)]
    [InlineData("assets/logo.png", true)]          // listed, though no pattern matches
    [InlineData("new.go", true)]                   // new file matching a pattern
    [InlineData("views/index.gohtml", true)]
    [InlineData("tools/go.mod", true)]
    [InlineData("store", true)]                    // directories holding listed files (deleted or moved away)
    [InlineData("assets", true)]
    [InlineData("views", false)]                   // a directory with no listed file in it
    [InlineData("../shared/util.go", true)]        // listed, outside the project
    [InlineData("../shared/more.go", true)]        // new file in that other root
    [InlineData("generated.go", false)]            // Watch="false"
    [InlineData("handlers.go.tmp123", false)]      // VS Code's temp file
    [InlineData("handlers.go___jb_tmp___", false)] // JetBrains' temp file
    [InlineData("handlers.go___jb_old___", false)]
    [InlineData("handlers.go~", false)]            // vim's backup
    [InlineData(".handlers.go.swp", false)]
    [InlineData("4913", false)]                    // vim's probe file
    [InlineData("notes.txt", false)]
    [InlineData("bin/server.go", false)]           // excluded directories
    [InlineData("obj/x.go", false)]
    [InlineData("out/deep/x.go", false)]
    [InlineData(".git/x.go", false)]               // excluded by name anywhere
    [InlineData("cmd/bin/x.go", false)]
    [InlineData("web/node_modules/pkg/x.go", false)]
    [InlineData("src/obj/x.go", false)]
    public void IsRelevant(string relativePath, bool expected)
    {
        Assert.Equal(expected, Set.IsRelevant(Full(relativePath)));
    }

    [Theory]
    [InlineData("bin", true)]
    [InlineData("bin/sub", true)]
    [InlineData("out", true)]
    [InlineData("out/a/b", true)]
    [InlineData("output", false)]     // shares a prefix with "out", is not under it
    [InlineData("binaries", false)]
    [InlineData(".git", true)]
    [InlineData(".git/objects", true)]
    [InlineData("web/node_modules", true)]
    [InlineData("a/obj/b", true)]
    [InlineData("cmd", false)]
    [InlineData(".github", false)]
    [InlineData("", false)]           // the project directory itself
    public void IsExcludedDirectory(string relativePath, bool expected)
    {
        Assert.Equal(expected, Set.IsExcludedDirectory(Full(relativePath)));
    }

    [Fact]
    public void IsExcludedDirectory_IgnoresNamesAboveTheRoot()
    {
        string project = Path.Combine(Base, "bin", "app");
        var set = new WatchSet(project, new[] { "main.go" }, Array.Empty<string>(), Array.Empty<string>(), new[] { "*.go" });

        Assert.False(set.IsExcludedDirectory(Path.Combine(project, "cmd")));
        Assert.True(set.IsRelevant(Path.Combine(project, "cmd", "tool.go")));
        Assert.True(set.IsExcludedDirectory(Path.Combine(project, "bin")));
    }

    [Fact]
    public void IsRelevant_AcceptsTrailingSeparatorsAndDotSegments()
    {
        Assert.True(Set.IsRelevant(Path.Combine(Project, "store", "..", "main.go")));
        Assert.True(Set.IsExcludedDirectory(Path.Combine(Project, "bin") + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void Roots_AreTheProjectAndTheDirectoriesOfOutsideFiles()
    {
        Assert.Equal(new[] { Project, Path.Combine(Base, "shared") }, Set.Roots);
    }

    [Fact]
    public void Roots_AreDeduplicatedAndNeverNested()
    {
        string shared = Path.Combine(Base, "shared");
        var set = new WatchSet(
            Project,
            new[] { "main.go", "sub/x.go", "../shared/a.go", "../shared/b.go", "../shared/deep/c.go", "../lib/d.go" },
            Array.Empty<string>(),
            Array.Empty<string>(),
            new[] { "*.go" });

        Assert.Equal(new[] { Project, shared, Path.Combine(Base, "lib") }, set.Roots);
    }

    [Fact]
    public void Roots_DropTheProjectWhenAnOutsideFileSitsInAParentDirectory()
    {
        var set = new WatchSet(Project, new[] { "main.go", "../go.work" }, Array.Empty<string>(), Array.Empty<string>(), new[] { "*.go" });

        Assert.Equal(new[] { Base }, set.Roots);
    }

    [Theory]
    [InlineData("static/fonts/new.woff2", true)]   // any new file under a directory an embed names
    [InlineData("static", true)]
    [InlineData("statics/new.woff2", false)]       // a sibling with a longer name is not under it
    [InlineData("other/new.woff2", false)]
    public void NewFileDirectories_MakeAnyNewFileUnderThemRelevant(string path, bool relevant)
    {
        var set = new WatchSet(Project, new[] { "main.go" }, Array.Empty<string>(), Array.Empty<string>(), new[] { "*.go" },
            newFileDirectories: new[] { "static" });

        Assert.Equal(relevant, set.IsRelevant(Full(path)));
    }

    [Fact]
    public void RestartAndProjectFiles_AreToldApart()
    {
        var set = new WatchSet(Project, new[] { "main.go", "page.tmpl", "app.proj" }, Array.Empty<string>(), Array.Empty<string>(), new[] { "*.go" },
            restartFiles: new[] { "page.tmpl" }, projectFiles: new[] { "app.proj" });

        Assert.True(set.NeedsRestart(Full("page.tmpl")));
        Assert.False(set.NeedsRestart(Full("main.go")));
        Assert.True(set.IsProjectFile(Full("app.proj")));
        Assert.True(set.IsListed(Full("page.tmpl")));
        Assert.False(set.IsListed(Full("page.tmpl.tmp")));
        Assert.False(set.IsProjectFile(Full("page.tmpl")));
    }

    [Fact]
    public void EachListedFileNeedsOneValue_TheStrongestOfItsItems()
    {
        var set = new WatchSet(Project, new[] { "main.go", "page.tmpl", "site.css", "theme.css", "app.proj" }, Array.Empty<string>(), Array.Empty<string>(), new[] { "*.go" },
            restartFiles: new[] { "page.tmpl" }, projectFiles: new[] { "app.proj" },
            needs: new[]
            {
                new KeyValuePair<string, ChangeNeed>("page.tmpl", ChangeNeed.Restart),
                new KeyValuePair<string, ChangeNeed>("site.css", ChangeNeed.Reload),
                new KeyValuePair<string, ChangeNeed>("theme.css", ChangeNeed.Reload),
                new KeyValuePair<string, ChangeNeed>("theme.css", ChangeNeed.Rebuild), // also embedded
            });

        Assert.Equal(ChangeNeed.Rebuild, set.NeedOf(Full("main.go")));
        Assert.Equal(ChangeNeed.Restart, set.NeedOf(Full("page.tmpl")));
        Assert.Equal(ChangeNeed.Reload, set.NeedOf(Full("site.css")));
        Assert.Equal(ChangeNeed.Rebuild, set.NeedOf(Full("theme.css")));
        Assert.Equal(ChangeNeed.Evaluate, set.NeedOf(Full("app.proj")));
        Assert.Equal(ChangeNeed.Rebuild, set.NeedOf(Full("unlisted.css")));
    }

    [Theory]
    [InlineData("reload", ChangeNeed.Reload)]
    [InlineData(" Restart ", ChangeNeed.Restart)]
    [InlineData("REBUILD", ChangeNeed.Rebuild)]
    [InlineData("evaluate", ChangeNeed.Evaluate)]
    [InlineData("", ChangeNeed.Rebuild)]       // no value: a build, the answer that is never wrong
    [InlineData("relaod", ChangeNeed.Rebuild)] // KS2053 before it gets here; a build if it does
    public void TheFactoryReadsKickstartOnChange(string value, ChangeNeed need)
    {
        var item = new Microsoft.Build.Utilities.TaskItem(Full("views/page.html"), new Dictionary<string, string> { ["KickstartOnChange"] = value });
        WatchSet set = WatchSetFactory.Create(Project, new[] { item }, Array.Empty<string>());

        Assert.Equal(need, set.NeedOf(Full("views/page.html")));
        Assert.Equal(need == ChangeNeed.Restart, set.NeedsRestart(Full("views/page.html")));
        Assert.Equal(need == ChangeNeed.Evaluate, set.IsProjectFile(Full("views/page.html")));
    }

    [Theory]
    [InlineData("reload", false)]
    [InlineData("restart", true)]
    public void AGoSourceAndAReferencedFileNeedABuildWhateverTheySay(string value, bool restartsAfterIt)
    {
        var source = new Microsoft.Build.Utilities.TaskItem(Full("gen.go"), new Dictionary<string, string> { ["KickstartOnChange"] = value });
        var client = new Microsoft.Build.Utilities.TaskItem(Full("../client/index.html"), new Dictionary<string, string>
        {
            ["KickstartOnChange"] = value, ["KickstartFromReference"] = "true", ["KickstartWatchOutside"] = "true",
        });
        WatchSet set = WatchSetFactory.Create(Project, new[] { source, client }, Array.Empty<string>());

        Assert.Equal(ChangeNeed.Rebuild, set.NeedOf(Full("gen.go")));
        Assert.Equal(ChangeNeed.Rebuild, set.NeedOf(Full("../client/index.html")));
        // A file the server reads at start is still read again by a new server after that build.
        Assert.Equal(restartsAfterIt, set.NeedsRestart(Full("../client/index.html")));
    }

    [Fact]
    public void AReloadForFilesOfNoReferenceLeavesTheReferencesKnownFileByFileUnbuilt()
    {
        string client = Full("client/client.proj"), tool = Full("../tool/tool.csproj"), lib = Full("../lib/lib.proj");
        Microsoft.Build.Utilities.TaskItem Item(string path, string reference, bool fromReference) => new(path, new Dictionary<string, string>
        {
            ["KickstartReferenceProject"] = reference, ["KickstartFromReference"] = fromReference ? "true" : "", ["KickstartWatchOutside"] = "true",
        });
        WatchSet set = WatchSetFactory.Create(Project, new Microsoft.Build.Framework.ITaskItem[]
        {
            new Microsoft.Build.Utilities.TaskItem(Full("main.go")),
            Item(Full("client/main.go"), client, fromReference: true),
            Item(Full("../lib/lib.go"), client, fromReference: true), // the client's own reference: built by the client's build
            Item(client, client, fromReference: false),               // the reference's project file
            Item(tool, tool, fromReference: false),                   // a C# project: only its project file is known
        }, Array.Empty<string>());

        Assert.Equal(new[] { client }, set.References.UntouchedBy(new[] { Full("main.go") }));
        Assert.Empty(set.References.UntouchedBy(new[] { Full("main.go"), Full("client/main.go") }));
        Assert.Empty(set.References.UntouchedBy(new[] { Full("../lib/lib.go") }));
        Assert.Empty(set.References.UntouchedBy(new[] { client }));
        Assert.DoesNotContain(lib, set.References.UntouchedBy(new[] { Full("main.go") }));
        Assert.Empty(WatchSetFactory.Create(Project, new[] { new Microsoft.Build.Utilities.TaskItem(Full("main.go")) }, Array.Empty<string>())
            .References.UntouchedBy(new[] { Full("main.go") }));
    }

    private static string Full(string relativePath) =>
        relativePath.Length == 0 ? Project : Path.GetFullPath(Path.Combine(Project, relativePath.Replace('/', Path.DirectorySeparatorChar)));
}
