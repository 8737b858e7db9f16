using System.Collections.Generic;
using System.IO;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>Every misconfiguration is an MSBuild error with a stable KS code and a sentence that says what to do — never a stack trace.</summary>
public sealed class MisconfigurationTests
{
    private static void AssertKsError(CommandResult result, string code, string mentions)
    {
        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(result.Lines, l => l.Contains($"error {code}:") && l.Contains(mentions));
        Assert.False(result.HasStackTrace, result.ToString());
    }

    [Fact]
    public void MissingGoIsKS1001NamingGoToolPath()
    {
        using var project = GoProject.Create(nameof(MissingGoIsKS1001NamingGoToolPath));
        // A PATH with dotnet's directory but no go.
        string dotnet = TestRun.FindOnPath("dotnet")!;
        string dotnetDir = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet)!;
        var environment = new Dictionary<string, string?> { ["PATH"] = dotnetDir };
        CommandResult result = Dotnet.Run(project.Directory, new[] { "build", project.ProjectPath }, environment);
        AssertKsError(result, "KS1001", "GoToolPath");
    }

    [Fact]
    public void GoToolPathToNothingIsKS1002()
    {
        using var project = GoProject.Create(nameof(GoToolPathToNothingIsKS1002));
        AssertKsError(project.Build("-p:GoToolPath=/nonexistent/go"), "KS1002", "/nonexistent/go");
    }

    [Fact]
    public void OutputPathThatIsAFileIsKS1003()
    {
        using var project = GoProject.Create(nameof(OutputPathThatIsAFileIsKS1003));
        project.Write("out", "a file, not a folder");
        AssertKsError(project.Build("-p:GoOutputPath=out"), "KS1003", "GoOutputPath");
    }

    [Fact]
    public void MissingMainPackageIsKS1004()
    {
        using var project = GoProject.Create(nameof(MissingMainPackageIsKS1004));
        AssertKsError(project.Build("-p:GoMainPackage=cmd/nothing"), "KS1004", "cmd/nothing");
        Assert.Empty(project.Go.Calls);
    }

    [Fact]
    public void MainPackageThatIsNotMainIsKS1005()
    {
        using var project = GoProject.Create(nameof(MainPackageThatIsNotMainIsKS1005));
        project.Write("internal/lib/lib.go", "// Package lib is a library.\npackage lib\n");
        AssertKsError(project.Build("-p:GoMainPackage=internal/lib"), "KS1005", "package lib");
    }

    [Fact]
    public void NonNumericNumberIsKS1006()
    {
        using var project = GoProject.Create(nameof(NonNumericNumberIsKS1006));
        AssertKsError(project.Build("-p:KickstartWatchQuietMilliseconds=soon"), "KS1006", "KickstartWatchQuietMilliseconds");
    }

    // Every number setting, the watch's included, is checked in every build (not only those a hand-kept list named).
    [Theory]
    [InlineData("KickstartWatchPollingIntervalMilliseconds")]
    [InlineData("KickstartServerStopTimeoutMilliseconds")]
    [InlineData("KickstartServerReadyTimeoutMilliseconds")]
    [InlineData("KickstartProxyHoldTimeoutMilliseconds")]
    [InlineData("KickstartWatchMaxIterations")]
    public void EveryNumberSettingIsKS1006InEveryBuild(string property)
    {
        using var project = GoProject.Create(nameof(EveryNumberSettingIsKS1006InEveryBuild) + property);
        AssertKsError(project.Build($"-p:{property}=-1"), "KS1006", $"{property} is '-1'");
    }

    // The watch's task takes its numbers typed: a wrong one is still Kickstart's KS1006 before the watch starts, never MSBuild's MSB4030.
    [Fact]
    public void NonNumericWatchSettingIsKS1006()
    {
        using var project = GoProject.Create(nameof(NonNumericWatchSettingIsKS1006));
        CommandResult result = project.Build("-t:Watch", "-p:KickstartWatchQuietMilliseconds=abc");
        AssertKsError(result, "KS1006", "KickstartWatchQuietMilliseconds is 'abc'");
        Assert.DoesNotContain("MSB4030", result.Output);
    }

    [Fact]
    public void MissingGoModIsKS1008()
    {
        using var project = GoProject.Create(nameof(MissingGoModIsKS1008));
        project.Delete("go.mod");
        AssertKsError(project.Build(), "KS1008", "go mod init");
    }

    [Fact]
    public void NonBooleanIsKS1009()
    {
        using var project = GoProject.Create(nameof(NonBooleanIsKS1009));
        AssertKsError(project.Build("-p:GoTrimPath=maybe"), "KS1009", "GoTrimPath");
    }

    [Fact]
    public void NonBooleanWatchSettingIsKS1009()
    {
        using var project = GoProject.Create(nameof(NonBooleanWatchSettingIsKS1009));
        CommandResult result = project.Build("-t:Watch", "-p:KickstartWatchUsePolling=maybe");
        AssertKsError(result, "KS1009", "KickstartWatchUsePolling");
        Assert.DoesNotContain("MSB4030", result.Output);
    }

    [Fact]
    public void BadEnvironmentEntryIsKS1014()
    {
        using var project = GoProject.Create(nameof(BadEnvironmentEntryIsKS1014));
        AssertKsError(project.Build("-p:GoEnvironment=JUSTANAME"), "KS1014", "JUSTANAME");
    }
}
