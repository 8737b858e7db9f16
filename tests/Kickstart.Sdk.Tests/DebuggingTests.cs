using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// KickstartDebug (Delve under watch): its misconfigurations are KS errors, its builds are debug builds and nothing
/// else changes without it, and the VS Code files in samples/.vscode/ match what a watch really prints.
/// </summary>
public sealed class DebuggingTests
{
    private static void AssertKsError(CommandResult result, string code, params string[] mentions)
    {
        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(result.Lines, l => l.Contains($"error {code}:") && mentions.All(m => l.Contains(m)));
        Assert.False(result.HasStackTrace, result.ToString());
    }

    [Fact]
    public void DebugWithKickstartDelvePathToNothingIsKS2041()
    {
        using var project = GoProject.Create(nameof(DebugWithKickstartDelvePathToNothingIsKS2041));
        CommandResult result = project.Build("-t:Watch", "-p:KickstartDebug=true", "-p:KickstartDelvePath=/nonexistent/dlv");
        AssertKsError(result, "KS2041", "/nonexistent/dlv", "KickstartDelvePath", "apt-get install delve", "go install github.com/go-delve/delve/cmd/dlv@latest");
    }

    [Fact]
    public void DebugWithoutDelveOnPathIsKS2040NamingThePropertyAndHowToInstallDelve()
    {
        using var project = GoProject.Create(nameof(DebugWithoutDelveOnPathIsKS2040NamingThePropertyAndHowToInstallDelve));
        // A PATH with dotnet's directory only; go is given by its path, and dlv is nowhere.
        string dotnet = TestRun.FindOnPath("dotnet")!;
        string dotnetDir = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet)!;
        Assert.False(File.Exists(Path.Combine(dotnetDir, "dlv")), "dotnet's directory holds a dlv: this test cannot hide Delve");
        var environment = project.Environment(new Dictionary<string, string?> { ["PATH"] = dotnetDir });
        CommandResult result = Dotnet.Run(project.Directory,
            new[] { "build", project.ProjectPath, "-t:Watch", "-p:KickstartDebug=true", $"-p:GoToolPath={TestRun.RealGo}" }, environment);
        AssertKsError(result, "KS2040", "KickstartDelvePath", "apt-get install delve", "go install github.com/go-delve/delve/cmd/dlv@latest");
    }

    [Fact]
    public void DebugAddressThatIsNoHostAndPortIsKS2042()
    {
        using var project = GoProject.Create(nameof(DebugAddressThatIsNoHostAndPortIsKS2042));
        AssertKsError(project.Build("-t:Watch", "-p:KickstartDebug=true", "-p:KickstartDebugAddress=2345"), "KS2042", "KickstartDebugAddress", "'2345'");
    }

    /// <summary>The flags go recorded in the binary (`go version -m`: "build	-gcflags=…" lines).</summary>
    private static string[] BuildSettings(string binary)
    {
        var go = new ProcessStartInfo(TestRun.RealGo) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "version", "-m", binary })
            go.ArgumentList.Add(argument);
        using Process process = Process.Start(go)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("build\t-", StringComparison.Ordinal)).ToArray();
    }

    [Fact]
    public void DebugWatchBuildsAreUnoptimizedWithDwarfAndWithoutTheFlagNothingChanges()
    {
        using var project = GoProject.Create(nameof(DebugWatchBuildsAreUnoptimizedWithDwarfAndWithoutTheFlagNothingChanges));
        // KickstartWatchIteration is what the watch passes to each of its builds.
        CommandResult watchBuild = project.Build("-p:KickstartWatchIteration=1");
        Assert.True(watchBuild.Succeeded, watchBuild.ToString());
        string[] plain = BuildSettings(project.BinaryPath());
        Assert.Contains(plain, l => l.StartsWith("build\t-ldflags=", StringComparison.Ordinal) && l.Contains("-w"));
        Assert.DoesNotContain(plain, l => l.StartsWith("build\t-gcflags=", StringComparison.Ordinal));

        CommandResult debugBuild = project.Build("-p:KickstartWatchIteration=1", "-p:KickstartDebug=true");
        Assert.True(debugBuild.Succeeded, debugBuild.ToString());
        string[] debug = BuildSettings(project.BinaryPath());
        Assert.Contains("build\t-gcflags=\"all=-N -l\"", debug);
        Assert.DoesNotContain(debug, l => l.StartsWith("build\t-ldflags=", StringComparison.Ordinal) && l.Contains("-w"));

        // A plain `dotnet build` is no watch build: KickstartDebug does not touch it.
        CommandResult build = project.Build("-p:KickstartDebug=true");
        Assert.True(build.Succeeded, build.ToString());
        Assert.DoesNotContain(BuildSettings(project.BinaryPath()), l => l.StartsWith("build\t-gcflags=", StringComparison.Ordinal));
    }

    private sealed record VsCodeWatchTask(string[] Arguments, string ProblemMatcherBase, Regex Begins, Regex Ends);

    private static VsCodeWatchTask ReadSampleWatchTask()
    {
        using JsonDocument tasks = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRun.RepoRoot, "samples", ".vscode", "tasks.json")));
        JsonElement task = tasks.RootElement.GetProperty("tasks").EnumerateArray().Single(t => t.TryGetProperty("isBackground", out JsonElement b) && b.GetBoolean());
        JsonElement matcher = task.GetProperty("problemMatcher");
        JsonElement background = matcher.GetProperty("background");
        // VS Code's patterns are JavaScript regular expressions; these use nothing .NET reads differently.
        return new VsCodeWatchTask(
            task.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray(),
            matcher.GetProperty("base").GetString()!,
            new Regex(background.GetProperty("beginsPattern").GetString()!),
            new Regex(background.GetProperty("endsPattern").GetString()!));
    }

    [Fact]
    public void SampleLaunchJsonAttachesRemotelyToTheDefaultDebugAddressAfterTheWatchTask()
    {
        using JsonDocument launch = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRun.RepoRoot, "samples", ".vscode", "launch.json")));
        JsonElement attach = launch.RootElement.GetProperty("configurations").EnumerateArray().Single();
        using var project = GoProject.Create(nameof(SampleLaunchJsonAttachesRemotelyToTheDefaultDebugAddressAfterTheWatchTask));
        string address = Evaluation.Properties(project, new[] { "KickstartDebugAddress" })["KickstartDebugAddress"];

        Assert.Equal(("go", "attach", "remote"), (attach.GetProperty("type").GetString(), attach.GetProperty("request").GetString(), attach.GetProperty("mode").GetString()));
        Assert.Equal(address, $"{attach.GetProperty("host").GetString()}:{attach.GetProperty("port").GetInt32()}");
        using JsonDocument tasks = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestRun.RepoRoot, "samples", ".vscode", "tasks.json")));
        Assert.Contains(tasks.RootElement.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("label").GetString() == attach.GetProperty("preLaunchTask").GetString());
    }

    [Fact]
    public void SampleVsCodeTaskPatternsMatchTheStatusLinesOfARealWatch()
    {
        VsCodeWatchTask task = ReadSampleWatchTask();
        Assert.Equal("$msCompile", task.ProblemMatcherBase);
        Assert.Equal(new[] { "-t:Watch", "-p:KickstartDebug=true" }, task.Arguments.Where(a => a.StartsWith("-", StringComparison.Ordinal)));

        using GoProject project = TestServer.Create(nameof(SampleVsCodeTaskPatternsMatchTheStatusLinesOfARealWatch));
        // The watch the task runs (KickstartDebug=true), on addresses of its own so that parallel tests cannot collide.
        using WatchSession watch = WatchSession.Start(project, "-p:KickstartDebug=true", $"-p:KickstartDebugAddress=127.0.0.1:{FreePort.Find()}");
        watch.WaitUntilServing("message=v1");
        watch.WaitForLine(l => task.Ends.IsMatch(l), what: "the end of the first build");

        // A compile error, its fix, and a save that changes nothing: every kind of build ending there is.
        project.Write("main.go", TestServer.WithMessage("v2").Replace("const message", "const message int ="));
        watch.WaitForLine(l => l.Contains("build failed after"), what: "the failed build's status line");
        project.Write("main.go", TestServer.WithMessage("v2"));
        watch.WaitUntilServing("message=v2");
        watch.WaitForLine(l => l.Contains("→ restarted"), what: "the restart's status line");
        project.Write("main.go", TestServer.WithMessage("v2")); // saved again as it is: go builds the same binary
        watch.WaitForLine(l => l.Contains("binary unchanged"), what: "the unchanged build's status line");

        string[] lines = watch.Lines;
        int[] begins = Enumerable.Range(0, lines.Length).Where(i => task.Begins.IsMatch(lines[i])).ToArray();
        int[] ends = Enumerable.Range(0, lines.Length).Where(i => task.Ends.IsMatch(lines[i])).ToArray();
        string all = string.Join("\n", lines);

        // One begin, the watch's first line, before the first build's output (VS Code waits from there).
        int begin = Assert.Single(begins);
        Assert.Contains("press Ctrl+C to stop", lines[begin]);
        // Exactly the lines that end a build: started, failed, restarted, unchanged; in that order, after the begin.
        string[] kinds = { "→ started", "build failed after", "→ restarted", "binary unchanged" };
        Assert.True(ends.Length == kinds.Length, $"the end pattern matched {ends.Length} lines:\n{all}");
        for (int i = 0; i < kinds.Length; i++)
            Assert.Contains(kinds[i], lines[ends[i]]);
        Assert.True(begin < ends[0], all);
        // The error VS Code puts in the Problems panel comes after the begin, in the failed build, and is neither.
        int error = Array.FindIndex(lines, l => l.Contains("error GO1001:"));
        Assert.True(error > ends[0] && error < ends[1], $"the compile error is not inside the failed build:\n{all}");
        Assert.False(task.Begins.IsMatch(lines[error]) || task.Ends.IsMatch(lines[error]));
    }
}
