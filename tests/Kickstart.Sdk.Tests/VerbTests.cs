using System.Collections.Generic;
using System.Diagnostics;
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
    public void OneFailingTestIsTheOnlyErrorOfAModuleOfManyPackages()
    {
        using var project = GoProject.Create(nameof(OneFailingTestIsTheOnlyErrorOfAModuleOfManyPackages));
        project.Write("internal/calc/calc.go", "package calc\n\nfunc Add(a, b int) int { return a - b }\n");
        project.Write("internal/calc/calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif got := Add(2, 2); got != 4 {\n\t\tt.Errorf(\"Add(2, 2) = %d, want 4\", got)\n\t}\n}\n");
        project.Write("internal/ok/ok.go", "package ok\n\nfunc One() int { return 1 }\n");
        project.Write("internal/ok/ok_test.go", "package ok\n\nimport \"testing\"\n\nfunc TestOne(t *testing.T) {\n\tif One() != 1 {\n\t\tt.Fatal(\"not one\")\n\t}\n}\n");
        project.Write("internal/web/web.go", "package web\n\nconst Name = \"web\"\n");
        // The second run finds the passing package's result in Go's test cache: "ok ... (cached)", which only detailed
        // verbosity shows (go's own output is a low-importance message).
        for (int run = 1; run <= 2; run++)
        {
            CommandResult result = run == 1 ? project.Dotnet("test", project.ProjectPath) : project.Dotnet("test", project.ProjectPath, "-v:d");
            Assert.NotEqual(0, result.ExitCode);
            // Each error shows twice (where it happened and in the summary; detailed verbosity prefixes the first).
            var errors = result.Lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"error [A-Z]+\d+: .*")).Where(m => m.Success).Select(m => m.Value).Distinct();
            string error = Assert.Single(errors);
            Assert.Contains("error GO2001: example.com/app/internal/calc: TestAdd failed", error);
            Assert.DoesNotContain(result.Lines, l => l.Contains("KS1012"));
            if (run == 2)
                Assert.Contains(result.Lines, l => l.Contains("(cached)"));
        }
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
        string obj = Path.Combine(project.Directory, "obj");
        Assert.False(Directory.Exists(obj) && Directory.GetFiles(obj, "*.GoBuild.cache", SearchOption.AllDirectories).Length > 0);
        Assert.True(File.Exists(Path.Combine(project.Directory, "main.go")));
    }

    [Fact]
    public void CleanLeavesNoEmptyFoldersBehind()
    {
        using var project = GoProject.Create(nameof(CleanLeavesNoEmptyFoldersBehind));
        Assert.True(project.Build().Succeeded);
        Assert.True(project.Build("-c", "Release").Succeeded);
        foreach (string configuration in new[] { "Debug", "Release" })
        {
            CommandResult clean = project.Dotnet("clean", project.ProjectPath, "-c", configuration);
            Assert.True(clean.Succeeded, clean.ToString());
        }
        Assert.False(Directory.Exists(Path.Combine(project.Directory, "bin")), string.Join(", ", Directory.GetFileSystemEntries(project.Directory, "*", SearchOption.AllDirectories)));
        Assert.False(Directory.Exists(Path.Combine(project.Directory, "obj")), string.Join(", ", Directory.GetFileSystemEntries(project.Directory, "*", SearchOption.AllDirectories)));
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

    /// <summary>No module proxy, no checksum database, no toolchain download: nothing a test runs may reach the network.</summary>
    private static Dictionary<string, string?> Offline(string goProxy = "off") =>
        new() { ["GOPROXY"] = goProxy, ["GOSUMDB"] = "off", ["GOTOOLCHAIN"] = "local", ["GOFLAGS"] = null };

    private static void AssertOneRestoreError(CommandResult result)
    {
        Assert.NotEqual(0, result.ExitCode);
        // The console logger repeats each error in its summary: one error, however many modules failed.
        Assert.Single(result.Lines.Where(l => l.Contains("error KS1011")).Distinct());
        Assert.DoesNotContain(result.Lines, l => l.Contains("error GO1000"));
        Assert.False(result.HasStackTrace, result.ToString());
    }

    [Fact]
    public void RestoreWithUnreachableDependencyIsAClearError()
    {
        using var project = GoProject.Create(nameof(RestoreWithUnreachableDependencyIsAClearError));
        project.Write("go.mod", $"module {GoProject.ModulePath}\n\ngo 1.19\n\nrequire (\n\texample.invalid/nothing v1.0.0\n\texample.invalid/more v1.0.0\n\texample.invalid/again v1.0.0\n)\n");
        CommandResult result = project.DotnetWith(Offline(), "restore", project.ProjectPath);
        AssertOneRestoreError(result);
        Assert.Equal(1, project.Go.CountOf("mod download"));
    }

    /// <summary>
    /// A module whose one dependency lives only in vendor/: made with a replace to a local module and `go mod vendor`,
    /// then the replace is dropped (go.mod and vendor/modules.txt alike), as if the module came from a proxy.
    /// </summary>
    private static GoProject VendoredProject(string testName)
    {
        var project = GoProject.Create(testName, withMain: false);
        project.Write(".fixture/lib/go.mod", "module example.com/lib\n\ngo 1.19\n")
            .Write(".fixture/lib/lib.go", "package lib\n\nconst Text = \"from the vendored lib\"\n")
            .Write("main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/lib\"\n)\n\nfunc main() { fmt.Println(lib.Text) }\n")
            .Write("go.mod", $"module {GoProject.ModulePath}\n\ngo 1.19\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ./.fixture/lib\n");
        var psi = new ProcessStartInfo(TestRun.RealGo, "mod vendor") { WorkingDirectory = project.Directory, RedirectStandardError = true };
        foreach (var (name, value) in Offline())
        {
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        }
        using (Process go = Process.Start(psi)!)
        {
            string errors = go.StandardError.ReadToEnd();
            Assert.True(go.WaitForExit(60_000) && go.ExitCode == 0, "go mod vendor failed: " + errors);
        }
        project.Write("go.mod", $"module {GoProject.ModulePath}\n\ngo 1.19\n\nrequire example.com/lib v1.0.0\n")
            .Write("vendor/modules.txt", "# example.com/lib v1.0.0\n## explicit; go 1.19\nexample.com/lib\n");
        Assert.True(File.Exists(Path.Combine(project.Directory, "vendor", "example.com", "lib", "lib.go")));
        return project;
    }

    [Theory]
    [InlineData("")] // Go's own default: a vendor directory and go 1.14 or later
    [InlineData("-p:GoEnvironment=GOFLAGS=-mod=vendor")]
    [InlineData("-p:GoBuildFlags=-mod=vendor")]
    public void VendoredModuleBuildsOffline(string setting)
    {
        using var project = VendoredProject(nameof(VendoredModuleBuildsOffline));
        var arguments = new List<string> { "build", project.ProjectPath };
        if (setting.Length > 0)
            arguments.Add(setting);
        CommandResult result = project.DotnetWith(Offline(), arguments.ToArray());
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(0, project.Go.CountOf("mod download"));
        Assert.Equal(1, project.Go.CountOf("build"));
        var run = new ProcessStartInfo(project.BinaryPath()) { RedirectStandardOutput = true };
        using Process p = Process.Start(run)!;
        Assert.Contains("from the vendored lib", p.StandardOutput.ReadToEnd());
        Assert.True(p.WaitForExit(10_000));
    }

    [Fact]
    public void VendoredModuleBuiltFromTheModuleCacheOfflineIsOneKS1011()
    {
        using var project = VendoredProject(nameof(VendoredModuleBuiltFromTheModuleCacheOfflineIsOneKS1011));
        // -mod=mod ignores vendor/: the module must come from a proxy, here a loopback port nothing listens on.
        CommandResult result = project.DotnetWith(Offline($"http://127.0.0.1:{FreePort.Find()}"), "build", project.ProjectPath, "-p:GoEnvironment=GOFLAGS=-mod=mod");
        AssertOneRestoreError(result);
        Assert.Equal(1, project.Go.CountOf("mod download"));
        Assert.Equal(0, project.Go.CountOf("build"));
    }
}
