using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>A solution holding a C# console app and a Go project: every dotnet verb on the solution does the right thing for each.</summary>
public sealed class SolutionTests
{
    private const string PassingTest = "package main\n\nimport \"testing\"\n\nfunc TestGreeting(t *testing.T) {\n\tif greeting == \"\" {\n\t\tt.Fatal(\"empty\")\n\t}\n}\n";
    private const string FailingTest = "package main\n\nimport \"testing\"\n\nfunc TestGreeting(t *testing.T) {\n\tt.Fatalf(\"greeting is %q\", greeting)\n}\n";

    private static (GoProject Go, CSharpProject App) CreateSolution(Workspace ws, string goTest, params string[] newSlnArguments)
    {
        GoProject go = ws.AddGoProject("GoServer", "GoServer");
        go.Write("main_test.go", goTest);
        CSharpProject app = ws.AddConsoleApp("App", "App", "Console.WriteLine(\"hello from dotnet\");\n");
        CommandResult created = ws.Dotnet(new[] { "new", "sln", "-n", "All" }.Concat(newSlnArguments).ToArray());
        Assert.True(created.Succeeded, created.ToString());
        string solution = Directory.GetFiles(ws.Directory, "All.sln*").Single();
        CommandResult added = ws.Dotnet("sln", solution, "add", app.ProjectPath, go.ProjectPath);
        Assert.True(added.Succeeded, added.ToString());
        return (go, app);
    }

    private static void AssertNoWarnings(CommandResult result) =>
        Assert.DoesNotContain(result.Lines, l => l.Contains(": warning ", System.StringComparison.Ordinal));

    [Fact]
    public void EveryVerbOnASlnDoesTheRightThingForEachProject()
    {
        using var ws = Workspace.Create(nameof(EveryVerbOnASlnDoesTheRightThingForEachProject));
        (GoProject go, CSharpProject app) = CreateSolution(ws, PassingTest, "--format", "sln");
        Assert.Contains("GoServer.proj", File.ReadAllText(ws.PathOf("All.sln")));

        // build: restore walks both projects (the Go one as a non-NuGet project, no NU1503), then both build.
        CommandResult build = ws.Dotnet("build", "All.sln");
        Assert.True(build.Succeeded, build.ToString());
        AssertNoWarnings(build);
        Assert.True(File.Exists(go.BinaryPath()), build.ToString());
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory(), "App.dll")), build.ToString());
        Assert.Equal(1, ws.Go.CountOf("build"));

        // rebuild runs go again even though nothing changed.
        ws.Go.Reset();
        CommandResult rebuild = ws.Dotnet("build", "All.sln", "--no-incremental");
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.Equal(1, ws.Go.CountOf("build"));

        // test: the Go tests run; the console app is no test project and is skipped.
        CommandResult test = ws.Dotnet("test", "All.sln");
        Assert.True(test.Succeeded, test.ToString());
        Assert.Contains(test.Lines, l => l.Contains("go test: 1 passed, 0 failed, 0 skipped"));

        // pack: the app becomes a package, the Go server does not.
        CommandResult pack = ws.Dotnet("pack", "All.sln");
        Assert.True(pack.Succeeded, pack.ToString());
        Assert.Contains(pack.Lines, l => l.Contains("GoServer: a Go server is not a NuGet package"));
        Assert.Empty(Directory.GetFiles(go.Directory, "*.nupkg", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetFiles(app.Directory, "*.nupkg", SearchOption.AllDirectories));

        // publish: Release, like the .NET projects (PublishRelease), each into its own publish directory.
        CommandResult publish = ws.Dotnet("publish", "All.sln");
        Assert.True(publish.Succeeded, publish.ToString());
        Assert.True(File.Exists(Path.Combine(go.Directory, "bin", "Release", "publish", "GoServer")), publish.ToString());
        Assert.True(File.Exists(Path.Combine(app.PublishDirectory(), "App.dll")), publish.ToString());

        // clean: each project removes what its build wrote.
        CommandResult clean = ws.Dotnet("clean", "All.sln");
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.False(File.Exists(go.BinaryPath()));
        Assert.False(File.Exists(Path.Combine(app.OutputDirectory(), "App.dll")));
    }

    [Fact]
    public void FailingGoTestFailsDotnetTestOfTheSolution()
    {
        using var ws = Workspace.Create(nameof(FailingGoTestFailsDotnetTestOfTheSolution));
        (GoProject go, _) = CreateSolution(ws, FailingTest, "--format", "sln");
        CommandResult test = ws.Dotnet("test", "All.sln");
        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains(test.Lines, l => l.Contains($"{Path.Combine(go.Directory, "main_test.go")}(6): error GO2001"));
        Assert.Contains(test.Lines, l => l.Contains("go test: 0 passed, 1 failed"));
    }

    [Fact]
    public void DefaultSlnxSolutionBuildsBothProjects()
    {
        using var ws = Workspace.Create(nameof(DefaultSlnxSolutionBuildsBothProjects));
        (GoProject go, CSharpProject app) = CreateSolution(ws, PassingTest);
        string solution = Directory.GetFiles(ws.Directory, "All.sln*").Single();
        CommandResult build = ws.Dotnet("build", solution);
        Assert.True(build.Succeeded, build.ToString());
        AssertNoWarnings(build);
        Assert.True(File.Exists(go.BinaryPath()), build.ToString());
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory(), "App.dll")), build.ToString());
    }
}
