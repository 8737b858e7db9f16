using System.IO;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>Every property has a documented default, overridable from the project or the command line.</summary>
public sealed class PropertyDefaultsTests
{
    [Theory]
    [InlineData("GoMainPackage", ".")]
    [InlineData("GoExecutableName", "app")]
    [InlineData("GoExecutableExtension", "")]
    [InlineData("Configuration", "Debug")]
    [InlineData("GoOutputPath", "bin/Debug/")]
    [InlineData("GoTrimPath", "false")]
    [InlineData("GoStripSymbols", "false")]
    [InlineData("GoToolPath", "")]
    [InlineData("GoTags", "")]
    [InlineData("GoLdFlags", "")]
    [InlineData("GoBuildFlags", "")]
    [InlineData("GoEnvironment", "")]
    [InlineData("GoTestPackages", "./...")]
    [InlineData("GoRestoreEnabled", "true")]
    [InlineData("EnableDefaultGoItems", "true")]
    [InlineData("PublishDir", "bin/Debug/publish/")]
    [InlineData("IsTestProject", "true")]
    [InlineData("KickstartWatchQuietMilliseconds", "20")]
    [InlineData("KickstartWatchUsePolling", "false")]
    [InlineData("KickstartWatchPollingIntervalMilliseconds", "250")]
    [InlineData("KickstartServerStopSignal", "SIGTERM")]
    [InlineData("KickstartServerStopTimeoutMilliseconds", "5000")]
    [InlineData("KickstartServerReadyTimeoutMilliseconds", "10000")]
    [InlineData("KickstartWatchOmitDebugInfo", "true")]
    [InlineData("KickstartDebug", "false")]
    [InlineData("KickstartDebugAddress", "127.0.0.1:2345")]
    [InlineData("KickstartDelvePath", "")]
    [InlineData("OutputType", "Exe")]
    public void DefaultValue(string property, string expected)
    {
        using var project = GoProject.Create(nameof(DefaultValue));
        var values = Evaluation.Properties(project, new[] { property });
        Assert.Equal(expected, values[property].Replace('\\', '/'));
    }

    [Theory]
    [InlineData("GoTrimPath", "true")]
    [InlineData("GoStripSymbols", "true")]
    [InlineData("GoOutputPath", "bin/Release/")]
    public void ReleaseDefaults(string property, string expected)
    {
        using var project = GoProject.Create(nameof(ReleaseDefaults));
        var values = Evaluation.Properties(project, new[] { property }, "-p:Configuration=Release");
        Assert.Equal(expected, values[property].Replace('\\', '/'));
    }

    [Fact]
    public void RunCommandPointsAtTheBinaryAndRunsInTheProjectDirectory()
    {
        using var project = GoProject.Create(nameof(RunCommandPointsAtTheBinaryAndRunsInTheProjectDirectory));
        var values = Evaluation.Properties(project, new[] { "RunCommand", "RunWorkingDirectory", "TargetPath" });
        Assert.Equal(project.BinaryPath(), values["RunCommand"]);
        Assert.Equal(project.BinaryPath(), values["TargetPath"]);
        Assert.Equal(project.Directory, values["RunWorkingDirectory"].TrimEnd('/'));
    }

    [Fact]
    public void WindowsTargetGetsExeExtension()
    {
        using var project = GoProject.Create(nameof(WindowsTargetGetsExeExtension));
        var values = Evaluation.Properties(project, new[] { "GoExecutableExtension", "TargetPath" }, "-p:GOOS=windows");
        Assert.Equal(".exe", values["GoExecutableExtension"]);
        Assert.EndsWith(Path.Combine("bin", "Debug", "app.exe"), values["TargetPath"]);
    }

    [Fact]
    public void ProjectValuesOverrideDefaults()
    {
        using var project = GoProject.Create(nameof(ProjectValuesOverrideDefaults));
        project.SetProperty("GoExecutableName", "server").SetProperty("GoOutputPath", "out/").SetProperty("KickstartWatchQuietMilliseconds", "35");
        var values = Evaluation.Properties(project, new[] { "GoExecutableName", "TargetPath", "KickstartWatchQuietMilliseconds" });
        Assert.Equal("server", values["GoExecutableName"]);
        Assert.Equal(Path.Combine(project.Directory, "out", "server"), values["TargetPath"]);
        Assert.Equal("35", values["KickstartWatchQuietMilliseconds"]);
    }
}
