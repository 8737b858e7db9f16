using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>Every dotnet verb does the Go thing on a Go project.</summary>
public sealed class VerbTests
{
    private const string PassingTest = "package main\n\nimport \"testing\"\n\nfunc TestGreeting(t *testing.T) {\n\tif greeting == \"\" {\n\t\tt.Fatal(\"empty\")\n\t}\n}\n\nfunc TestSkipped(t *testing.T) { t.Skip(\"later\") }\n";

    [Fact]
    public void DotnetTestRunsGoTestsAndSummarises()
    {
        using var project = GoProject.Create(nameof(DotnetTestRunsGoTestsAndSummarises));
        project.Write("main_test.go", PassingTest);
        CommandResult result = project.Dotnet("test", project.ProjectPath);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains(result.Lines, l => l.Contains("go test: 1 passed, 0 failed, 1 skipped"));
        Assert.Equal(1, project.Go.CountOf("test -json"));
    }

    [Fact]
    public void FailingGoTestFailsDotnetTestWithFileAndLine()
    {
        using var project = GoProject.Create(nameof(FailingGoTestFailsDotnetTestWithFileAndLine));
        project.Write("internal/calc/calc.go", "package calc\n\nfunc Add(a, b int) int { return a - b }\n");
        project.Write("internal/calc/calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif got := Add(2, 2); got != 4 {\n\t\tt.Errorf(\"Add(2, 2) = %d, want 4\", got)\n\t}\n}\n");
        project.Write("main_test.go", PassingTest);
        CommandResult result = project.Dotnet("test", project.ProjectPath);
        Assert.NotEqual(0, result.ExitCode);
        string file = Path.Combine(project.Directory, "internal", "calc", "calc_test.go");
        Assert.Contains(result.Lines, l => l.StartsWith($"{file}(7): error GO2001: example.com/app/internal/calc: TestAdd failed: calc_test.go:7: Add(2, 2) = 0, want 4", System.StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.Contains("go test: 1 passed, 1 failed, 1 skipped"));
    }

    [Fact]
    public void TestThatDoesNotCompileFailsDotnetTest()
    {
        using var project = GoProject.Create(nameof(TestThatDoesNotCompileFailsDotnetTest));
        project.Write("main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { var n int = \"s\"; _ = n }\n");
        CommandResult result = project.Dotnet("test", project.ProjectPath);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Lines, l => l.Contains($"{Path.Combine(project.Directory, "main_test.go")}(5,40): error GO1001"));
    }

    [Fact]
    public void CleanRemovesExactlyWhatTheBuildWrote()
    {
        using var project = GoProject.Create(nameof(CleanRemovesExactlyWhatTheBuildWrote));
        project.Write("bin/Debug/notes.txt", "mine");
        Assert.True(project.Build().Succeeded);
        Assert.True(File.Exists(project.BinaryPath()));
        CommandResult clean = project.Dotnet("clean", project.ProjectPath);
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.False(File.Exists(project.BinaryPath()));
        Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Debug", "notes.txt")), "clean must not delete files the build did not write");
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(project.Directory, "obj"), "*", SearchOption.AllDirectories), f => f.EndsWith(".GoBuild.cache"));
        Assert.True(File.Exists(Path.Combine(project.Directory, "main.go")));
    }

    [Fact]
    public void RebuildRunsGoEvenWhenUpToDate()
    {
        using var project = GoProject.Create(nameof(RebuildRunsGoEvenWhenUpToDate));
        Assert.True(project.Build().Succeeded);
        project.Go.Reset();
        CommandResult result = project.Dotnet("build", project.ProjectPath, "--no-incremental");
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(1, project.Go.CountOf("build"));
    }

    [Fact]
    public void RunStartsTheServerWithArgumentsPassedThrough()
    {
        using var project = GoProject.Create(nameof(RunStartsTheServerWithArgumentsPassedThrough));
        CommandResult result = project.Dotnet("run", "--project", project.ProjectPath, "--", "one", "two");
        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("hello from go", result.Output);
        Assert.Contains("args: one,two", result.Output);
    }

    [Fact]
    public void PublishCopiesTheBinaryIntoThePublishDirectory()
    {
        using var project = GoProject.Create(nameof(PublishCopiesTheBinaryIntoThePublishDirectory));
        CommandResult result = project.Dotnet("publish", project.ProjectPath);
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Release", "publish", "app"))
                    || File.Exists(Path.Combine(project.Directory, "bin", "Debug", "publish", "app")), result.ToString());
    }

    [Fact]
    public void PackSucceedsWithoutMakingAPackage()
    {
        using var project = GoProject.Create(nameof(PackSucceedsWithoutMakingAPackage));
        CommandResult result = project.Dotnet("pack", project.ProjectPath);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(Directory.GetFiles(project.Directory, "*.nupkg", SearchOption.AllDirectories));
    }

    [Fact]
    public void RestoreOfAStandardLibraryModuleStartsNoGo()
    {
        using var project = GoProject.Create(nameof(RestoreOfAStandardLibraryModuleStartsNoGo));
        CommandResult result = project.Dotnet("restore", project.ProjectPath);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(project.Go.Calls);
    }

    [Fact]
    public void RestoreWithUnreachableDependencyIsAClearError()
    {
        using var project = GoProject.Create(nameof(RestoreWithUnreachableDependencyIsAClearError));
        project.Write("go.mod", $"module {GoProject.ModulePath}\n\ngo 1.19\n\nrequire example.invalid/nothing v1.0.0\n");
        var offline = new System.Collections.Generic.Dictionary<string, string?> { ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=mod" };
        CommandResult result = project.DotnetWith(offline, "restore", project.ProjectPath);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Lines, l => l.Contains("error KS1011") || l.Contains("error GO1000"));
        Assert.Equal(1, project.Go.CountOf("mod download"));
        Assert.False(result.HasStackTrace, result.ToString());
    }
}
