using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>`dotnet build` runs `go build` exactly when something that decides the binary changed, and never otherwise.</summary>
public sealed class IncrementalBuildTests
{
    private static GoProject BuiltProject(string name)
    {
        var project = GoProject.Create(name);
        project.Write("internal/greet/greet.go", "package greet\n\nfunc Hello() string { return \"hi\" }\n")
            .Write("templates/index.gohtml", "<p>{{.}}</p>")
            .Write("embedded/note.txt", "one")
            .Write("embed.go", "package main\n\nimport _ \"embed\"\n\n//go:embed embedded/note.txt\nvar note string\n");
        CommandResult first = project.Build();
        Assert.True(first.Succeeded, first.ToString());
        Assert.Equal(1, project.Go.CountOf("build"));
        project.Go.Reset();
        return project;
    }

    private static string RunBinary(GoProject project, string arguments = "")
    {
        var psi = new ProcessStartInfo(project.BinaryPath(), arguments) { RedirectStandardOutput = true };
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(10_000));
        return output;
    }

    [Fact]
    public void BuildProducesARunnableBinary()
    {
        using var project = BuiltProject(nameof(BuildProducesARunnableBinary));
        Assert.Contains("hello from go", RunBinary(project, "a b"));
        Assert.Contains("args: a,b", RunBinary(project, "a b"));
    }

    [Fact]
    public void NoOpBuildDoesNotStartGo()
    {
        using var project = BuiltProject(nameof(NoOpBuildDoesNotStartGo));
        CommandResult second = project.Build();
        Assert.True(second.Succeeded, second.ToString());
        Assert.Empty(project.Go.Calls);
    }

    [Fact]
    public void AStaticFileIsNoInputOfTheGoBuild()
    {
        using var project = GoProject.Create(nameof(AStaticFileIsNoInputOfTheGoBuild));
        project.Write("static/site.css", "a { color: red; }");
        Assert.True(project.Build().Succeeded);
        project.Go.Reset();

        project.Write("static/site.css", "a { color: blue; }").Write("static/new.js", "x");
        CommandResult again = project.Build();

        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal(0, project.Go.CountOf("build"));
    }

    [Fact]
    public void ChangeThatLeavesTheBinaryIdenticalStillSettlesToANoOp()
    {
        using var project = BuiltProject(nameof(ChangeThatLeavesTheBinaryIdenticalStillSettlesToANoOp));
        project.Write("main.go", GoProject.DefaultMain + "\n// a comment changes nothing in the binary\n");
        Assert.True(project.Build().Succeeded);
        Assert.Equal(1, project.Go.CountOf("build"));
        project.Go.Reset();
        Assert.True(project.Build().Succeeded);
        Assert.Empty(project.Go.Calls);
    }

    public static TheoryData<string> Changes => new()
    {
        "edit a source",
        "add a source",
        "delete a source",
        "change go.mod",
        "edit a template",
        "edit an embedded file",
        "add a subpackage directory",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void ChangeRunsGoBuildAgain(string change)
    {
        using var project = BuiltProject(nameof(ChangeRunsGoBuildAgain));
        switch (change)
        {
            case "edit a source": project.Write("main.go", GoProject.DefaultMain.Replace("hello from go", "edited")); break;
            case "add a source": project.Write("extra.go", "package main\n\nfunc extra() {}\n"); break;
            case "delete a source": project.Delete("embed.go"); break;
            case "change go.mod": project.Write("go.mod", $"module {GoProject.ModulePath}\n\ngo 1.18\n"); break;
            case "edit a template": project.Write("templates/index.gohtml", "<p>changed {{.}}</p>"); break;
            case "edit an embedded file": project.Write("embedded/note.txt", "two"); break;
            case "add a subpackage directory": project.Write("internal/more/more.go", "package more\n"); break;
            default: throw new ArgumentOutOfRangeException(nameof(change));
        }
        CommandResult result = project.Build();
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(1, project.Go.CountOf("build"));
        if (change == "edit a source")
            Assert.Contains("edited", RunBinary(project));
    }

    [Theory]
    [InlineData("-p:GoTags=extra")]
    [InlineData("-p:GoLdFlags=-X=main.v=2")]
    [InlineData("-p:GoBuildFlags=-a")]
    [InlineData("-p:CGO_ENABLED=0")]
    [InlineData("-p:GoTrimPath=true")]
    [InlineData("-p:GoEnvironment=GOFLAGS=-mod=mod")]
    public void ChangedPropertyRunsGoBuildAgain(string property)
    {
        using var project = BuiltProject(nameof(ChangedPropertyRunsGoBuildAgain));
        CommandResult result = project.Build(property);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(1, project.Go.CountOf("build"));
        project.Go.Reset();
        Assert.True(project.Build(property).Succeeded);
        Assert.Empty(project.Go.Calls);
    }

    [Fact]
    public async Task SaveWhileGoBuildsIsBuiltByTheNextBuild()
    {
        using var project = GoProject.Create(nameof(SaveWhileGoBuildsIsBuiltByTheNextBuild));
        var held = new HeldGoBuild(Path.Combine(project.Directory, ".test-tools", "held"));
        // The same GoToolPath for both builds: a changed one would rebuild through the inputs cache and hide the defect.
        string goToolPath = $"-p:GoToolPath={held.ToolPath}";
        held.HoldNextBuild();
        Task<CommandResult> first = Task.Run(() => project.Build(goToolPath));
        if (!held.WaitUntilHeld(TimeSpan.FromSeconds(120), () => first.IsCompleted))
            Assert.Fail("no go build was held:\n" + (first.IsCompleted ? (await first).ToString() : "the build is still running"));
        // go has read the sources and written the binary; this save comes after, while the build is still running.
        project.Write("main.go", GoProject.DefaultMain.Replace("hello from go", "saved while go built"));
        held.Release();
        CommandResult firstResult = await first;
        Assert.True(firstResult.Succeeded, firstResult.ToString());
        Assert.Contains("hello from go", RunBinary(project));

        CommandResult second = project.Build(goToolPath);
        Assert.True(second.Succeeded, second.ToString());
        Assert.Contains("saved while go built", RunBinary(project));
    }

    [Fact]
    public void DeletedBinaryIsBuiltAgain()
    {
        using var project = BuiltProject(nameof(DeletedBinaryIsBuiltAgain));
        File.Delete(project.BinaryPath());
        Assert.True(project.Build().Succeeded);
        Assert.True(File.Exists(project.BinaryPath()));
    }

    [Fact]
    public void DesignTimeBuildNeverStartsGo()
    {
        using var project = GoProject.Create(nameof(DesignTimeBuildNeverStartsGo));
        CommandResult result = project.Dotnet("msbuild", project.ProjectPath, "-t:Build", "-p:DesignTimeBuild=true");
        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(project.Go.Calls);
        Assert.False(File.Exists(project.BinaryPath()));
    }

    [Fact]
    public void ReleaseBuildTrimsPathsAndStripsSymbols()
    {
        using var project = GoProject.Create(nameof(ReleaseBuildTrimsPathsAndStripsSymbols));
        CommandResult result = project.Build("-c", "Release");
        Assert.True(result.Succeeded, result.ToString());
        string call = Assert.Single(project.Go.Calls);
        Assert.Contains("-trimpath", call);
        Assert.Contains("-s -w", call);
        Assert.True(File.Exists(project.BinaryPath("Release")));
    }

    [Fact]
    public void MainPackageInASubdirectoryIsBuilt()
    {
        using var project = GoProject.Create(nameof(MainPackageInASubdirectoryIsBuilt), withMain: false);
        project.Write("cmd/server/main.go", GoProject.DefaultMain).SetProperty("GoMainPackage", "cmd/server");
        CommandResult result = project.Build();
        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("./cmd/server", Assert.Single(project.Go.Calls));
        Assert.Contains("hello from go", RunBinary(project));
    }
}
