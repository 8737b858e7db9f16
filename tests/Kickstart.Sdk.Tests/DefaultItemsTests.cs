using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>The module's files become items an IDE can show; nothing the build writes ever does.</summary>
public sealed class DefaultItemsTests
{
    private static GoProject ProjectWithEveryKindOfFile(string name)
    {
        var project = GoProject.Create(name);
        project.Write("main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n")
            .Write("internal/web/handlers.go", "package web\n")
            .Write("internal/web/templates/index.gohtml", "<p>{{.}}</p>")
            .Write("static/page.html", "<html></html>")
            .Write("views/mail.tmpl", "x")
            .Write("go.sum", "")
            .Write("bin/Debug/stale.go", "package main\n")
            .Write("obj/generated.go", "package main\n")
            .Write("node_modules/pkg/index.html", "x")
            .Write(".git/hooks/x.go", "package x\n")
            .Write("internal/web/testdata/fixture.go", "package fixture\n");
        return project;
    }

    [Fact]
    public void GoCompileHoldsSourcesButNotTestsOrOutput()
    {
        using var project = ProjectWithEveryKindOfFile(nameof(GoCompileHoldsSourcesButNotTestsOrOutput));
        var items = Evaluation.Items(project, "GoCompile").Select(i => i.Include).OrderBy(s => s).ToArray();
        Assert.Equal(new[] { "internal/web/handlers.go", "main.go" }, items);
    }

    [Fact]
    public void TestSourcesAreTheirOwnItemType()
    {
        using var project = ProjectWithEveryKindOfFile(nameof(TestSourcesAreTheirOwnItemType));
        Assert.Equal(new[] { "main_test.go" }, Evaluation.Items(project, "GoTestCompile").Select(i => i.Include).ToArray());
    }

    [Fact]
    public void TemplatesAndPagesAreContentAndModuleFilesAreModuleItems()
    {
        using var project = ProjectWithEveryKindOfFile(nameof(TemplatesAndPagesAreContentAndModuleFilesAreModuleItems));
        var content = Evaluation.Items(project, "GoContent").Select(i => i.Include).OrderBy(s => s).ToArray();
        Assert.Equal(new[] { "internal/web/templates/index.gohtml", "static/page.html", "views/mail.tmpl" }, content);
        var module = Evaluation.Items(project, "GoModule").Select(i => i.Include).OrderBy(s => s).ToArray();
        Assert.Equal(new[] { "go.mod", "go.sum" }, module);
    }

    [Fact]
    public void StaticFilesAreNoItemsByDefaultSoNoGlobWalksTheTreeForThem()
    {
        using var project = ProjectWithEveryKindOfFile(nameof(StaticFilesAreNoItemsByDefaultSoNoGlobWalksTheTreeForThem));
        project.Write("static/css/site.css", "x").Write("static/app.js", "x");

        // The watch knows them by GoStaticContentPatterns (ContentEditTests); a user may still list some.
        Assert.Empty(Evaluation.Items(project, "GoStaticContent"));
        Assert.Contains("**\\*.css", Evaluation.Properties(project, new[] { "GoStaticContentPatterns" })["GoStaticContentPatterns"]);
        Assert.All(Evaluation.Items(project, "GoContent"), i => Assert.Equal("restart", i.Metadata["KickstartOnChange"]));
        project.Project.AddItem("GoStaticContent", "static/**/*.css");
        project.Save();
        var listed = Evaluation.Items(project, "GoStaticContent").ToArray();
        Assert.Equal(new[] { "static/css/site.css" }, listed.Select(i => i.Include.Replace('\\', '/')).ToArray());
        Assert.All(listed, i => Assert.Equal("reload", i.Metadata["KickstartOnChange"]));
    }

    [Fact]
    public void ItemsAreVisibleToIdes()
    {
        using var project = ProjectWithEveryKindOfFile(nameof(ItemsAreVisibleToIdes));
        Assert.All(Evaluation.Items(project, "GoCompile"), i => Assert.Equal("true", i.Metadata["Visible"]));
    }

    [Fact]
    public void DefaultItemsCanBeSwitchedOffAndReplaced()
    {
        using var project = ProjectWithEveryKindOfFile(nameof(DefaultItemsCanBeSwitchedOffAndReplaced));
        project.SetProperty("EnableDefaultGoItems", "false");
        project.Project.AddItem("GoCompile", "main.go");
        project.Save();
        Assert.Equal(new[] { "main.go" }, Evaluation.Items(project, "GoCompile").Select(i => i.Include).ToArray());
        Assert.Empty(Evaluation.Items(project, "GoContent"));
    }

    [Fact]
    public void CustomOutputPathInsideTheProjectIsNeverAnInput()
    {
        using var project = GoProject.Create(nameof(CustomOutputPathInsideTheProjectIsNeverAnInput));
        project.SetProperty("GoOutputPath", "out/");
        project.Write("out/leftover.go", "package main\n").Write("out/page.html", "x");
        Assert.Equal(new[] { "main.go" }, Evaluation.Items(project, "GoCompile").Select(i => i.Include).ToArray());
        Assert.Empty(Evaluation.Items(project, "GoContent"));
    }

    [Fact]
    public void TheDefaultItemsWalkTheTreeOnce()
    {
        using var project = ProjectWithEveryKindOfFile(nameof(TheDefaultItemsWalkTheTreeOnce));
        // A tree of some size: on a handful of files the profiler may merge the walks it times into one row.
        for (int i = 0; i < 300; i++)
            project.Write($"pkg{i}/sub/file.go", "package sub\n");
        string profile = System.IO.Path.Combine(project.Directory, "evaluation-profile.md");

        // Every glob is a walk of the whole tree of its own (seven before: about 1.1 s of a 1.3 s evaluation on a module
        // of 20,000 directories); the evaluation profiler lists each one as a row of kind Glob.
        CommandResult result = project.Dotnet("msbuild", project.ProjectPath, "-getProperty:GoContentPatterns", "-profileevaluation:" + profile);
        Assert.True(result.Succeeded, result.ToString());
        string[] globs = System.IO.File.ReadAllLines(profile)
            .Where(line => line.TrimEnd().EndsWith("|Glob|") && !line.Contains("Total evaluation for globbing"))
            .ToArray();
        Assert.True(globs.Length == 1, string.Join("\n", globs));
        Assert.Contains("|Sdk.props|", globs[0]);
        // The lists the items are sorted out of are emptied: no evaluation carries a copy of the tree.
        Assert.Empty(Evaluation.Items(project, "_KickstartTreeFile"));
    }

    [Fact]
    public void ContentPatternsOfYourOwnPickTheContent()
    {
        using var project = ProjectWithEveryKindOfFile(nameof(ContentPatternsOfYourOwnPickTheContent));
        project.Write("views/note.txt", "x").Write("views/deep/page.jet", "x").Write("notes.txt", "x");
        project.SetProperty("GoContentPatterns", "views\\**\\*.txt;**\\*.jet");
        project.Save();
        var content = Evaluation.Items(project, "GoContent").Select(i => i.Include).OrderBy(s => s).ToArray();
        Assert.Equal(new[] { "views/deep/page.jet", "views/note.txt" }, content);
        // The patterns pick content, never sources: a .go file stays GoCompile whatever the patterns say.
        project.SetProperty("GoContentPatterns", "**\\*");
        project.Save();
        Assert.DoesNotContain(Evaluation.Items(project, "GoContent"), i => i.Include.EndsWith(".go"));
        Assert.Equal(new[] { "internal/web/handlers.go", "main.go" },
            Evaluation.Items(project, "GoCompile").Select(i => i.Include).OrderBy(s => s).ToArray());
    }

    [Fact]
    public void RestoresEvaluationGlobsNoSourcesButTheBuildsDoes()
    {
        using var project = GoProject.Create(nameof(RestoresEvaluationGlobsNoSourcesButTheBuildsDoes));
        project.Write("main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n")
            .Write("internal/web/handlers.go", "package web\n")
            .Write("views/index.html", "<p></p>")
            .Write("go.sum", "");
        // `dotnet build` evaluates the project for Restore first (MSBuildIsRestoring=true): a glob there walks the
        // whole tree for nothing (restore reads go.mod and go.sum). Each target says what its evaluation holds.
        foreach (var (name, after) in new[] { ("SayRestoreItems", "Restore"), ("SayBuildItems", "Build") })
        {
            var target = project.Project.AddTarget(name);
            target.AfterTargets = after;
            target.AddTask("Message").SetParameter("Importance", "high");
            target.Tasks.Last().SetParameter("Text", $"{after} sees: compile=@(GoCompile->Count()) test=@(GoTestCompile->Count()) content=@(GoContent->Count()) module=@(GoModule->Count())");
        }
        project.Save();

        CommandResult result = project.Build("-tl:off");
        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("Restore sees: compile=0 test=0 content=0 module=2", result.Output);
        Assert.Contains("Build sees: compile=2 test=1 content=1 module=2", result.Output);
    }
}
