using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Session;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>
/// Which batches need no build (issue 9, item 6): a restart for files the server reads at start, a page reload for the
/// static files it serves, a stylesheet swap for its stylesheets — and which still build, whatever the shortcuts say.
/// The watch set comes from items as the project returns them (<see cref="WatchSetFactory"/>), so the metadata rules
/// (strongest need wins, Go sources and referenced files always build) are part of what is tested.
/// </summary>
public sealed class ReloadShortcutTests
{
    private static readonly string Project = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "kickstart-shortcuts", "app"));

    private static string P(string relative) => Path.Combine(Project, relative.Replace('/', Path.DirectorySeparatorChar));

    private static ITaskItem Item(string relative, string onChange, string? fromReference = null)
    {
        var metadata = new Dictionary<string, string> { ["KickstartOnChange"] = onChange };
        if (fromReference is not null)
            metadata["KickstartFromReference"] = fromReference;
        return new TaskItem(P(relative), metadata);
    }

    // As _KickstartCollectWatchItems returns them: an embedded stylesheet and an embedded template are two items each.
    private static readonly WatchSet Set = WatchSetFactory.Create(Project, new[]
    {
        Item("main.go", "rebuild"),
        Item("go.mod", "rebuild"),
        Item("views/index.gohtml", "restart"),
        Item("views/layout.gohtml", "restart"),
        Item("config.json", "restart"),                // a Watch item
        Item("views/live.gohtml", "reload"),           // <GoContent Update="views/live.gohtml" KickstartOnChange="reload" />
        Item("static/site.css", "reload"),
        Item("static/print.css", "reload"),
        Item("static/app.js", "reload"),
        Item("static/logo.png", "reload"),
        Item("embedded/theme.css", "reload"),          // GoStaticContent …
        Item("embedded/theme.css", "rebuild"),         // … and GoEmbed
        Item("embedded/mail.gohtml", "restart"),       // GoContent …
        Item("embedded/mail.gohtml", "rebuild"),       // … and GoEmbed
        Item("tools/gen.go", "restart"),               // a Go source is compiled, whatever it says
        Item("client/index.html", "restart", fromReference: "true"), // a client's page, copied by the client's build
        Item("app.proj", "evaluate"),
    }, new[] { P("bin"), P("obj") });

    // As the default project returns them: static files are no items, only names (GoStaticContentPatterns), and an
    // embedded directory makes every file in it the build's.
    private static readonly WatchSet ByName = WatchSetFactory.Create(Project, new ITaskItem[]
    {
        Item("main.go", "rebuild"),
        Item("embedded/theme.css", "rebuild"),
        new TaskItem("GoStaticContentPatterns", new Dictionary<string, string>
        {
            ["KickstartWatchPattern"] = "names", ["KickstartWatchNames"] = "**\\*.css;**\\*.js;**\\*.svg", ["KickstartOnChange"] = "reload",
        }),
        // `//go:embed *.svg` beside a source: a new .svg may be embedded.
        new TaskItem("_KickstartEmbedNamePatterns", new Dictionary<string, string>
        {
            ["KickstartWatchPattern"] = "names", ["KickstartWatchNames"] = "*.svg", ["KickstartOnChange"] = "rebuild",
        }),
        new TaskItem(P("embedded"), new Dictionary<string, string> { ["KickstartWatchPattern"] = "directory" }),
    }, new[] { P("bin"), P("obj") });

    [Theory]
    [InlineData("static/site.css", FileChangeKind.Modified, "SwapStylesheets")]
    [InlineData("static/new.css", FileChangeKind.Created, "SwapStylesheets")] // no item to evaluate anew
    [InlineData("static/app.js", FileChangeKind.Modified, "ReloadPages")]
    [InlineData("embedded/new.css", FileChangeKind.Created, "FullBuild")]    // a new embedded file
    [InlineData("static/logo.svg", FileChangeKind.Created, "FullBuild")]     // a name a //go:embed glob embeds
    [InlineData("embedded/theme.css", FileChangeKind.Modified, "Build")]     // embedded: GoEmbed's rebuild
    public void StaticFilesKnownByNameNeedNoItemAndNoEvaluation(string file, FileChangeKind kind, string action)
    {
        var expected = Enum.Parse<ReloadAction>(action);
        Assert.Equal(expected, ReloadPlanner.Plan(new[] { new FileChange(P(file), kind) }, ByName, _ => true, ReloadShortcuts.All).Action);
        Assert.Equal(expected is ReloadAction.SwapStylesheets or ReloadAction.ReloadPages, ByName.IsStaticByName(P(file)));
    }

    private static ReloadPlan Plan(ReloadShortcuts? shortcuts, params string[] modified) =>
        ReloadPlanner.Plan(modified.Select(f => new FileChange(P(f), FileChangeKind.Modified)).ToList(), Set, _ => true, shortcuts);

    private static ReloadAction Action(params string[] modified) => Plan(ReloadShortcuts.All, modified).Action;

    [Theory]
    [InlineData("views/index.gohtml")]
    [InlineData("config.json")]
    public void AFileTheServerReadsAtStartRestartsWithoutABuild(string file)
    {
        ReloadPlan plan = Plan(ReloadShortcuts.All, file);
        Assert.Equal(ReloadAction.Restart, plan.Action);
        Assert.Equal(new[] { P(file) }, plan.ChangedFiles);
    }

    [Fact]
    public void SeveralTemplatesAreOneRestart() => Assert.Equal(ReloadAction.Restart, Action("views/index.gohtml", "views/layout.gohtml"));

    [Theory]
    [InlineData("static/app.js")]
    [InlineData("static/logo.png")]
    [InlineData("views/live.gohtml")]
    public void AStaticFileReloadsThePagesWithoutABuildOrARestart(string file) => Assert.Equal(ReloadAction.ReloadPages, Action(file));

    [Fact]
    public void StylesheetsAloneAreSwappedInPlace()
    {
        Assert.Equal(ReloadAction.SwapStylesheets, Action("static/site.css"));
        Assert.Equal(ReloadAction.SwapStylesheets, Action("static/site.css", "static/print.css"));
    }

    [Fact]
    public void AStylesheetWithAnotherStaticFileReloadsThePage() => Assert.Equal(ReloadAction.ReloadPages, Action("static/site.css", "static/app.js"));

    [Fact]
    public void AStaticFileWithATemplateIsARestart() => Assert.Equal(ReloadAction.Restart, Action("static/site.css", "views/index.gohtml"));

    [Theory]
    [InlineData("main.go")]
    [InlineData("embedded/theme.css")]   // embedded: the strongest of its items wins
    [InlineData("embedded/mail.gohtml")]
    [InlineData("tools/gen.go")]          // a Go source builds whatever its metadata says
    [InlineData("client/index.html")]     // a referenced project's file reaches the server through that project's build
    public void WhatGoesIntoABinaryBuilds(string file) => Assert.Equal(ReloadAction.Build, Action(file));

    [Fact]
    public void AGoSourceInTheBatchMakesItABuild() =>
        Assert.Equal(ReloadAction.Build, Action("views/index.gohtml", "static/site.css", "main.go"));

    [Fact]
    public void AnEmbeddedTemplateStillRestartsAfterItsBuild()
    {
        ReloadPlan plan = Plan(ReloadShortcuts.All, "embedded/mail.gohtml");
        Assert.Equal(ReloadAction.Build, plan.Action);
        Assert.True(plan.RestartEvenIfUnchanged);
    }

    [Fact]
    public void AReferencedProjectsPageIsBuiltAndThenRestartsAsBefore()
    {
        ReloadPlan plan = Plan(ReloadShortcuts.All, "client/index.html");
        Assert.Equal(ReloadAction.Build, plan.Action);
        Assert.True(plan.RestartEvenIfUnchanged);
    }

    [Theory]
    [InlineData("go.mod")]
    [InlineData("app.proj")]
    public void TheProjectsShapeStillEvaluatesAnew(string file) => Assert.Equal(ReloadAction.FullBuild, Action(file));

    [Theory]
    [InlineData("static/new.css", FileChangeKind.Created)]         // not an item yet
    [InlineData("views/index.gohtml", FileChangeKind.Deleted)]     // no longer there
    public void ACreatedOrDeletedContentFileEvaluatesAnew(string file, FileChangeKind kind)
    {
        var batch = new[] { new FileChange(P(file), kind) };
        Assert.Equal(ReloadAction.FullBuild, ReloadPlanner.Plan(batch, Set, path => kind != FileChangeKind.Deleted, ReloadShortcuts.All).Action);
    }

    [Fact]
    public void WithTheRestartShortcutOffATemplateBuildsAndRestartsAsBefore()
    {
        ReloadPlan plan = Plan(ReloadShortcuts.All with { RestartWithoutBuild = false }, "views/index.gohtml");
        Assert.Equal(ReloadAction.Build, plan.Action);
        Assert.True(plan.RestartEvenIfUnchanged);
    }

    [Fact]
    public void WithTheReloadShortcutOffAStaticFileBuilds()
    {
        ReloadShortcuts off = ReloadShortcuts.All with { ReloadWithoutBuild = false };
        Assert.Equal(ReloadAction.Build, Plan(off, "static/app.js").Action);
        Assert.Equal(ReloadAction.Build, Plan(off, "static/site.css").Action);
        // The restart shortcut is a way of its own.
        Assert.Equal(ReloadAction.Restart, Plan(off, "views/index.gohtml").Action);
    }

    [Fact]
    public void WithTheStylesheetShortcutOffAStylesheetReloadsThePage() =>
        Assert.Equal(ReloadAction.ReloadPages, Plan(ReloadShortcuts.All with { SwapStylesheets = false }, "static/site.css").Action);

    [Theory]
    [InlineData("views/index.gohtml")]
    [InlineData("static/app.js")]
    [InlineData("static/site.css")]
    public void WithoutShortcutsEveryChangeBuilds(string file)
    {
        Assert.Equal(ReloadAction.Build, Plan(ReloadShortcuts.None, file).Action);
        Assert.Equal(ReloadAction.Build, Plan(null, file).Action);
    }

    [Fact]
    public void TheWeakerActionsComeBeforeTheBuilds()
    {
        Assert.True(ReloadAction.Nothing < ReloadAction.SwapStylesheets);
        Assert.True(ReloadAction.SwapStylesheets < ReloadAction.ReloadPages);
        Assert.True(ReloadAction.ReloadPages < ReloadAction.Restart);
        Assert.True(ReloadAction.Restart < ReloadAction.Build);
        Assert.True(ReloadAction.Build < ReloadAction.FullBuild);
    }
}
