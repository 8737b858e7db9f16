using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;
using Microsoft.Build.Construction;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// `dotnet build -t:Watch` end to end: a real build process in its own session, a real Go server, real HTTP, real
/// inotify. Every wait is a condition with a deadline; every test ends with nothing of its session left running.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class WatchTests
{
    private const string Rebuilt = WatchStatusLines.ChangesPattern;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    private static WatchSession StartServing(GoProject project, params string[] arguments)
    {
        WatchSession watch = WatchSession.Start(project, arguments);
        watch.WaitUntilServing("message=v1");
        return watch;
    }

    [Fact]
    public void BuildsStartsAndServesWithWatchEnvironment()
    {
        using GoProject project = TestServer.Create(nameof(BuildsStartsAndServesWithWatchEnvironment));
        using WatchSession watch = StartServing(project);
        string body = Http.TryGet(watch.Url)!;
        Assert.Contains("watch=1", body);
        Assert.Contains("iteration=1", body);
        watch.WaitForLine(l => System.Text.RegularExpressions.Regex.IsMatch(l, WatchStatusLines.StartedPattern) && System.Text.RegularExpressions.Regex.IsMatch(l, WatchStatusLines.ServingAtPattern), what: "the first status line");
        watch.WaitForLine(l => l.Contains("server v1: listening on"), what: "the server's stdout");
        watch.WaitForLine(l => l.Contains("server v1: stderr line"), what: "the server's stderr");
    }

    public static TheoryData<string> SavePatterns => new()
    {
        "in-place write",
        "write temp then rename over (VS Code, JetBrains)",
        "rename original away, write, delete backup (vim)",
        "delete then create",
        "move in from outside the tree",
    };

    [Theory]
    [MemberData(nameof(SavePatterns))]
    public void EachSavePatternRebuildsExactlyOnce(string pattern)
    {
        using GoProject project = TestServer.Create(nameof(EachSavePatternRebuildsExactlyOnce));
        using WatchSession watch = StartServing(project);
        string target = Path.Combine(project.Directory, "main.go");
        string content = TestServer.WithMessage("v2");
        switch (pattern)
        {
            case "in-place write":
                using (var stream = new FileStream(target, FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(0);
                    stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
                }
                break;
            case "write temp then rename over (VS Code, JetBrains)":
                File.WriteAllText(target + ".tmp.1234", content);
                File.Move(target + ".tmp.1234", target, overwrite: true);
                break;
            case "rename original away, write, delete backup (vim)":
                File.Move(target, target + "~");
                File.WriteAllText(target, content);
                File.Delete(target + "~");
                break;
            case "delete then create":
                File.Delete(target);
                File.WriteAllText(target, content);
                break;
            case "move in from outside the tree":
                string outside = Path.Combine(Path.GetTempPath(), $"ks-outside-{Guid.NewGuid():N}.go");
                File.WriteAllText(outside, content);
                File.Move(outside, target, overwrite: true);
                break;
        }
        watch.WaitUntilServing("message=v2");
        watch.WaitForCount(Rebuilt, 1);
        // A bounded check that no second rebuild follows the same save.
        Assert.False(Poll.Until(() => watch.CountMatching(Rebuilt) > 1, TimeSpan.FromMilliseconds(800)), watch.Output);
        Assert.True(watch.Lines.Any(l => l.Contains("1 file changed (main.go)") && l.Contains("serving") && l.Contains("after the save")), watch.Output);
    }

    [Fact]
    public void EmbeddedTemplateEditIsServed()
    {
        using GoProject project = TestServer.Create(nameof(EmbeddedTemplateEditIsServed));
        using WatchSession watch = StartServing(project);
        project.Write("page.gohtml", "p2");
        watch.WaitUntilServing("page=p2");
    }

    [Fact]
    public void FileInABrandNewDirectoryIsSeen()
    {
        using GoProject project = TestServer.Create(nameof(FileInABrandNewDirectoryIsSeen));
        using WatchSession watch = StartServing(project);
        project.Write("internal/deep/er/msg/msg.go", "package msg\n\nconst Text = \"from-new-dir\"\n");
        project.Write("main.go", TestServer.Main.Replace("\"time\"\n", "\"time\"\n\n\t\"example.com/app/internal/deep/er/msg\"\n").Replace("const message = \"v1\"", "var message = msg.Text"));
        watch.WaitUntilServing("message=from-new-dir");
    }

    [Fact]
    public void DeletedFileTriggersRebuild()
    {
        using GoProject project = TestServer.Create(nameof(DeletedFileTriggersRebuild));
        project.Write("broken.go", "package main\n\nvar broken int = \"not an int\"\n");
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitForLine(l => l.Contains("broken.go(3,18): error GO1001"), what: "the compile error");
        project.Delete("broken.go");
        watch.WaitUntilServing("message=v1");
        watch.WaitForLine(l => l.Contains("1 file changed (broken.go)"), what: "the rebuild caused by the deletion");
    }

    [Fact]
    public void BurstOfSavesBuildsOnce()
    {
        using GoProject project = TestServer.Create(nameof(BurstOfSavesBuildsOnce));
        using WatchSession watch = StartServing(project);
        for (int i = 0; i < 10; i++)
            project.Write("main.go", TestServer.WithMessage($"burst{i}"));
        watch.WaitUntilServing("message=burst9");
        Assert.False(Poll.Until(() => watch.CountMatching(Rebuilt) > 1, TimeSpan.FromMilliseconds(800)), watch.Output);
        Assert.Equal(1, watch.CountMatching(Rebuilt));
    }

    [Fact]
    public void ChangeDuringABuildQueuesExactlyOneMoreBuild()
    {
        using GoProject project = TestServer.Create(nameof(ChangeDuringABuildQueuesExactlyOneMoreBuild));
        // A user's hook before the Go build, held by a gate file the test controls: it proves hooks run on every
        // rebuild, and it keeps a build in progress for as long as the test needs.
        project.Write("gate", "open");
        var hook = project.Project.AddTarget("HoldTheBuild");
        hook.BeforeTargets = "CoreGoBuild";
        hook.AddTask("Touch").SetParameter("Files", "hook-started");
        hook.Tasks.First().SetParameter("AlwaysCreate", "true");
        var wait = hook.AddTask("Exec");
        wait.SetParameter("Command", "while [ ! -f gate ]; do sleep 0.02; done");
        project.Save();
        using WatchSession watch = StartServing(project);

        project.Delete("gate");
        project.Delete("hook-started");
        project.Write("main.go", TestServer.WithMessage("v2"));
        Assert.True(Poll.Until(() => File.Exists(Path.Combine(project.Directory, "hook-started")), Bounded), watch.Output);
        // Two more saves while that build waits at the gate.
        project.Write("page.gohtml", "p3");
        project.Write("main.go", TestServer.WithMessage("v3"));
        project.Write("gate", "open");

        watch.WaitUntilServing("message=v3 page=p3");
        watch.WaitForCount(Rebuilt, 2);
        Assert.False(Poll.Until(() => watch.CountMatching(Rebuilt) > 2, TimeSpan.FromMilliseconds(800)), watch.Output);
    }

    [Fact]
    public void SaveWhileGoBuildsIsServedAfterwards()
    {
        using GoProject project = TestServer.Create(nameof(SaveWhileGoBuildsIsServedAfterwards));
        var held = new HeldGoBuild(Path.Combine(project.Directory, ".test-tools", "held"));
        using WatchSession watch = StartServing(project, $"-p:GoToolPath={held.ToolPath}");
        held.HoldNextBuild();
        project.Write("main.go", TestServer.WithMessage("v2"));
        Assert.True(held.WaitUntilHeld(Bounded, () => watch.HasExited), "no go build was held:\n" + watch.Output);
        // go has read v2 and written its binary; this save comes after, while the rebuild is still running.
        project.Write("main.go", TestServer.WithMessage("v3"));
        held.Release();
        watch.WaitUntilServing("message=v3");
    }

    /// <summary>
    /// A save that ends (closed after writing, or renamed into place) starts the build at once: with a quiet window of a
    /// minute, the edit is served long before the window would have ended.
    /// </summary>
    [Theory]
    [InlineData("in-place write")]
    [InlineData("write temp then rename over")]
    public void ASaveThatEndsIsBuiltWithoutWaitingTheQuietWindow(string pattern)
    {
        using GoProject project = TestServer.Create(nameof(ASaveThatEndsIsBuiltWithoutWaitingTheQuietWindow));
        using WatchSession watch = StartServing(project, "-p:KickstartWatchQuietMilliseconds=60000");
        string target = Path.Combine(project.Directory, "main.go");
        byte[] content = System.Text.Encoding.UTF8.GetBytes(TestServer.WithMessage("v2"));
        if (pattern == "in-place write")
        {
            using var stream = new FileStream(target, FileMode.Open, FileAccess.Write);
            stream.SetLength(0);
            stream.Write(content);
        }
        else
        {
            File.WriteAllBytes(target + ".tmp.5678", content);
            File.Move(target + ".tmp.5678", target, overwrite: true);
        }

        watch.WaitUntilServing("message=v2", TimeSpan.FromSeconds(40));
        string line = watch.WaitForLine(l => l.Contains("1 file changed (main.go)") && l.Contains("after the save"), what: "the restart line");
        int afterTheSave = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"serving (\d+) ms after the save").Groups[1].Value);
        Assert.True(afterTheSave < 40_000, line);
        Assert.Equal(1, watch.CountMatching(Rebuilt));
    }

    /// <summary>
    /// A burst of saves that spans the start of a build: the first save's end starts the build at once; the next save
    /// of the burst, while that build's go runs, cancels it (its process tree is killed) and the burst is built again,
    /// once, with the last content. Nothing of the cancelled build is reported.
    /// </summary>
    [Fact]
    public void BurstOfSavesSpanningTheStartOfABuildBuildsOnceAndServesTheLastSave()
    {
        using GoProject project = TestServer.Create(nameof(BurstOfSavesSpanningTheStartOfABuildBuildsOnceAndServesTheLastSave));
        var held = new HeldGoBuild(Path.Combine(project.Directory, ".test-tools", "held"));
        // A quiet window far longer than a build: the second save is certainly of the first one's burst, and the build
        // can only be under way before the window ends if the first save's end started it.
        using WatchSession watch = StartServing(project, $"-p:GoToolPath={held.ToolPath}", "-p:KickstartWatchQuietMilliseconds=12000");
        held.HoldNextBuild();

        project.Write("main.go", TestServer.WithMessage("v2"));
        Assert.True(held.WaitUntilHeld(TimeSpan.FromSeconds(10), () => watch.HasExited), "the save did not start a build at once:\n" + watch.Output);
        int heldGo = held.HeldPid();
        Assert.True(heldGo > 0, "the held build's wrapper did not say its pid");
        project.Write("main.go", TestServer.WithMessage("v3"));

        Assert.True(Poll.Until(() => ProcessTable.IsGone(heldGo), TimeSpan.FromSeconds(10)), "the superseded go build still runs:\n" + watch.Output);
        watch.WaitUntilServing("message=v3");
        Assert.False(Poll.Until(() => watch.CountMatching(Rebuilt) > 1, TimeSpan.FromMilliseconds(800)), watch.Output);
        Assert.Equal(1, watch.CountMatching(Rebuilt));
        Assert.Contains(watch.Lines, l => l.Contains("1 file changed (main.go)") && System.Text.RegularExpressions.Regex.IsMatch(l, WatchStatusLines.RestartedPattern));
        Assert.DoesNotContain(watch.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\berror [A-Z]+\d+|" + WatchStatusLines.BuildFailedPattern));
        // The cancelled build gave its iteration number to the one that completed.
        Assert.Contains("iteration=2", Http.TryGet(watch.Url));
    }

    [Fact]
    public void BuildErrorKeepsTheOldServerAndRecovers()
    {
        using GoProject project = TestServer.Create(nameof(BuildErrorKeepsTheOldServerAndRecovers));
        using WatchSession watch = StartServing(project);
        project.Write("main.go", TestServer.Main.Replace("const message = \"v1\"", "const message = v1 +"));
        string file = Path.Combine(project.Directory, "main.go");
        watch.WaitForLine(l => l.Contains($"{file}(") && l.Contains("error GO1001"), what: "the Go error as an MSBuild error");
        watch.WaitForLine(l => l.Contains("still serving the last good build"), what: "the still-serving notice");
        Assert.Contains("message=v1", Http.TryGet(watch.Url));
        project.Write("main.go", TestServer.WithMessage("v4"));
        watch.WaitUntilServing("message=v4");
    }

    [Theory]
    [InlineData("resave main.go unchanged")]
    [InlineData("edit a test file")]
    public void SaveThatLeavesTheBinaryUnchangedDoesNotRestartTheServer(string change)
    {
        using GoProject project = TestServer.Create(nameof(SaveThatLeavesTheBinaryUnchangedDoesNotRestartTheServer));
        project.Write("main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n");
        // At normal verbosity: a test file, part of no binary, is not even built for, and says so there.
        using WatchSession watch = StartServing(project, "-v:n");
        int builds = project.Go.CountOf("build");
        if (change == "resave main.go unchanged")
        {
            project.Write("main.go", TestServer.Main);
            watch.WaitForLine(l => l.Contains("binary unchanged"), what: "the unchanged-binary notice");
        }
        else
        {
            project.Write("main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestSomething(t *testing.T) {}\n");
            watch.WaitForLine(l => System.Text.RegularExpressions.Regex.IsMatch(l, WatchStatusLines.NotPartOfTheBuildPattern)
                && l.Contains("main_test.go"), what: "the notice that a test file is part of no build");
            Assert.Equal(builds, project.Go.CountOf("build"));
        }
        Assert.Contains("iteration=1", Http.TryGet(watch.Url));
    }

    [Fact]
    public void ServerIgnoringSigtermIsKilledAfterTheTimeout()
    {
        using GoProject project = TestServer.Create(nameof(ServerIgnoringSigtermIsKilledAfterTheTimeout));
        project.Write("main.go", TestServer.Main.Replace("signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)", "signal.Ignore(syscall.SIGTERM)"));
        using WatchSession watch = StartServing(project, "-p:KickstartServerStopTimeoutMilliseconds=700");
        project.Write("main.go", TestServer.WithMessage("v2").Replace("signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)", "signal.Ignore(syscall.SIGTERM)"));
        watch.WaitUntilServing("message=v2");
        watch.WaitForLine(l => l.Contains("did not stop within 700 ms"), what: "the kill notice");
    }

    [Fact]
    public void CrashingServerIsReportedWithoutRestartSpin()
    {
        using GoProject project = TestServer.Create(nameof(CrashingServerIsReportedWithoutRestartSpin));
        using WatchSession watch = StartServing(project);
        project.Write("main.go", TestServer.WithMessage("crash").Replace("\tsrv := &http.Server", "\tfmt.Println(\"crashing\")\n\tos.Exit(3)\n\tsrv := &http.Server"));
        watch.WaitForLine(l => l.Contains("KS2003") && l.Contains("exited with code 3"), what: "the exit report");
        Assert.False(Poll.Until(() => watch.CountMatching("crashing") > 1, TimeSpan.FromSeconds(1)), watch.Output);
        project.Write("main.go", TestServer.WithMessage("v5"));
        watch.WaitUntilServing("message=v5");
    }

    [Fact]
    public void CtrlCStopsEverythingAndFreesThePort()
    {
        using GoProject project = TestServer.Create(nameof(CtrlCStopsEverythingAndFreesThePort));
        using WatchSession watch = StartServing(project);
        watch.PressCtrlC();
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(15)), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.True(Http.PortIsFree(watch.Port));
    }

    [Fact]
    public void CleanAfterAWatchLeavesNoEmptyFolders()
    {
        using GoProject project = TestServer.Create(nameof(CleanAfterAWatchLeavesNoEmptyFolders));
        using (WatchSession watch = StartServing(project))
        {
            watch.PressCtrlC();
            Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(15)), watch.Output);
            watch.AssertNothingLeftRunning();
        }
        // The watch empties its staging folder of binaries; clean removes the folder with the rest.
        Assert.True(Directory.Exists(Path.Combine(project.Directory, "obj", "Debug", "kickstart-watch")));
        CommandResult clean = project.Dotnet("clean", project.ProjectPath);
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.False(Directory.Exists(Path.Combine(project.Directory, "obj")), string.Join(", ", Directory.GetFileSystemEntries(project.Directory, "*", SearchOption.AllDirectories)));
        Assert.False(Directory.Exists(Path.Combine(project.Directory, "bin")));
    }

    [Fact]
    public void SigtermToTheBuildStopsEverything()
    {
        using GoProject project = TestServer.Create(nameof(SigtermToTheBuildStopsEverything));
        using WatchSession watch = StartServing(project);
        watch.Signal(ProcessTable.SIGTERM);
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(15)), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.True(Http.PortIsFree(watch.Port));
        Assert.True(File.Exists(Path.Combine(project.Directory, "stopped-v1")), "the server was not stopped gracefully\n" + watch.Output);
    }

    [Fact]
    public void PollingBackendRebuildsOnChange()
    {
        using GoProject project = TestServer.Create(nameof(PollingBackendRebuildsOnChange));
        using WatchSession watch = StartServing(project, "-p:KickstartWatchUsePolling=true", "-p:KickstartWatchPollingIntervalMilliseconds=100");
        watch.WaitForLine(l => l.Contains("with polling"), what: "the polling notice");
        project.Write("main.go", TestServer.WithMessage("v2"));
        watch.WaitUntilServing("message=v2");
    }

    [Fact]
    public void SoakOf200ReloadsServesEveryEditAndLeaksNothing()
    {
        using GoProject project = TestServer.Create(nameof(SoakOf200ReloadsServesEveryEditAndLeaksNothing));
        using WatchSession watch = StartServing(project);
        string staging = Path.Combine(project.Directory, "obj", "Debug", "kickstart-watch", project.Name);
        int mostProcesses = 0, mostServers = 0;
        for (int i = 1; i <= 200; i++)
        {
            project.Write("main.go", TestServer.WithMessage($"soak{i}"));
            watch.WaitUntilServing($"message=soak{i} ");
            var live = ProcessTable.LiveInSession(watch.Pid);
            mostProcesses = Math.Max(mostProcesses, live.Count);
            mostServers = Math.Max(mostServers, live.Count(p => p.Command == "server")); // it runs from bin/Debug/server
        }
        // At most one server; beside it the build itself, the server's launcher, and a moment's overlap with a go tool
        // process that is still exiting.
        Assert.True(mostServers <= 1, $"up to {mostServers} servers at once");
        Assert.True(mostProcesses <= 5, $"up to {mostProcesses} processes in the session");
        // The build-errors file (no staged binary on Unix), and the record of the one server running.
        string[] files = Directory.GetFiles(staging);
        Assert.True(files.Count(f => !f.EndsWith(".server", StringComparison.Ordinal)) <= 2 && files.Count(f => f.EndsWith(".server", StringComparison.Ordinal)) == 1,
            string.Join(", ", files));
        watch.PressCtrlC();
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(20)), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.False(Directory.Exists(staging) && Directory.GetFiles(staging).Length > 0, "staged binaries left behind");
    }

    [Fact]
    public void ServicesOfASolutionAreWatchedAndRestartedIndependently()
    {
        using GoProject root = GoProject.Create(nameof(ServicesOfASolutionAreWatchedAndRestartedIndependently), "unused", withMain: false);
        var ports = new Dictionary<string, int>();
        foreach (string service in new[] { "api", "web", "jobs" })
        {
            ports[service] = FreePort.Find();
            root.Write($"{service}/go.mod", $"module example.com/{service}\n\ngo 1.19\n")
                .Write($"{service}/main.go", TestServer.WithMessage($"{service}-v1"))
                .Write($"{service}/page.gohtml", "p")
                .Write($"{service}/{service}.proj", $"<Project Sdk=\"Kickstart.Sdk/{TestRun.SdkVersion}\">\n  <PropertyGroup><KickstartServerUrl>http://127.0.0.1:{ports[service]}</KickstartServerUrl></PropertyGroup>\n</Project>\n");
        }
        Assert.True(root.Dotnet("new", "sln", "-n", "services", "--format", "sln").Succeeded);
        CommandResult add = root.Dotnet("sln", "services.sln", "add", "api/api.proj", "web/web.proj", "jobs/jobs.proj");
        Assert.True(add.Succeeded, add.ToString());

        using WatchSession watch = WatchSession.StartOn(root, Path.Combine(root.Directory, "services.sln"));
        foreach (var (service, port) in ports)
            Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains($"message={service}-v1"), Bounded), watch.Output);

        root.Write("web/main.go", TestServer.WithMessage("web-v2"));
        Assert.True(Http.WaitForBody($"http://127.0.0.1:{ports["web"]}/", b => b.Contains("message=web-v2"), Bounded), watch.Output);
        watch.WaitForLine(l => l.StartsWith("  [web] kickstart: 1 file changed (main.go)", StringComparison.Ordinal) || l.StartsWith("[web] kickstart: 1 file changed (main.go)", StringComparison.Ordinal), what: "the prefixed status line");
        Assert.Contains("iteration=1", Http.TryGet($"http://127.0.0.1:{ports["api"]}/"));
        Assert.Contains("iteration=1", Http.TryGet($"http://127.0.0.1:{ports["jobs"]}/"));

        watch.PressCtrlC();
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(20)), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.All(ports.Values, port => Assert.True(Http.PortIsFree(port)));
    }

    [Fact]
    public void WebAssemblyClientEditIsRebuiltAndServedDuringWatch()
    {
        using GoProject server = GoProject.Create(nameof(WebAssemblyClientEditIsRebuiltAndServedDuringWatch), "server", withMain: false);
        string serverMain = TestServer.Main.Replace(
            "srv := &http.Server{Addr: \"127.0.0.1:\" + os.Getenv(\"PORT\"), Handler: http.HandlerFunc(",
            "http.Handle(\"/client/\", http.StripPrefix(\"/client/\", http.FileServer(http.Dir(\"wwwroot\"))))\n\thttp.HandleFunc(\"/\", ")
            .Replace("\t})}\n\tstop :=", "\t})\n\tsrv := &http.Server{Addr: \"127.0.0.1:\" + os.Getenv(\"PORT\")}\n\tstop :=");
        server.Write("main.go", serverMain);
        server.Write("page.gohtml", "p");
        GoProject client = GoProject.CreateIn(Path.Combine(server.Directory, "client"), "client", withMain: false);
        client.Delete("go.mod");
        const string clientMain = "//go:build js && wasm\n\npackage main\n\nimport \"syscall/js\"\n\nfunc main() {\n\tjs.Global().Get(\"console\").Call(\"log\", \"wasm v1\")\n}\n";
        client.Write("main.go", clientMain);
        client.SetProperty("GoClientKind", "wasm");
        ProjectTargetElement sayBuilt = client.Project.AddTarget("SayBuilt");
        sayBuilt.AfterTargets = "Build";
        ProjectTaskElement message = sayBuilt.AddTask("Message");
        message.SetParameter("Importance", "high");
        message.SetParameter("Text", "the client's Build ran");
        client.Save();
        server.Project.AddItem("ProjectReference", "client/client.proj");
        server.Save();

        using WatchSession watch = StartServing(server);
        byte[] first = Http.GetBytes(watch.Url + "client/main.wasm")!;
        Assert.Equal(new byte[] { 0, (byte)'a', (byte)'s', (byte)'m' }, first[..4]);
        Assert.Equal(1, watch.Count(l => l.Contains("the client's Build ran")));

        // An edit of the server's own code: the client, none of whose files changed, is not built again.
        server.Write("main.go", serverMain.Replace("const message = \"v1\"", "const message = \"v2\""));
        watch.WaitUntilServing("message=v2");
        watch.WaitForLine(l => l.Contains("1 file changed (main.go)"), what: "the server's rebuild");
        Assert.Equal(1, watch.Count(l => l.Contains("the client's Build ran")));

        client.Write("main.go", clientMain.Replace("wasm v1", "wasm v2, a longer message"));
        string built = Path.Combine(client.Directory, "bin", "Debug", "main.wasm");
        Assert.True(Poll.Until(() => Http.GetBytes(watch.Url + "client/main.wasm") is { } now && !now.AsSpan().SequenceEqual(first)
            && File.Exists(built) && now.AsSpan().SequenceEqual(File.ReadAllBytes(built)), Bounded), watch.Output);
        watch.WaitForLine(l => l.Contains("1 file changed (client/main.go)"), what: "the client rebuild");
        Assert.Equal(2, watch.Count(l => l.Contains("the client's Build ran")));
    }

    [Fact]
    public void QuietVerbosityThatHidesTheOutputIsWarnedAbout()
    {
        using GoProject project = TestServer.Create(nameof(QuietVerbosityThatHidesTheOutputIsWarnedAbout));
        using WatchSession watch = WatchSession.Start(project, "-v:q");
        watch.WaitForLine(l => l.Contains("warning KS2001") && l.Contains("-v:minimal"), what: "the KS2001 warning");
        watch.WaitUntilServing("message=v1");
    }

    [Fact]
    public void ServerListeningOnAnotherPortIsKS2004()
    {
        using GoProject project = TestServer.Create(nameof(ServerListeningOnAnotherPortIsKS2004));
        int elsewhere = FreePort.Find();
        project.Write("main.go", TestServer.Main.Replace("\"127.0.0.1:\" + os.Getenv(\"PORT\")", $"\"127.0.0.1:{elsewhere}\""));
        using WatchSession watch = WatchSession.Start(project, "-p:KickstartServerReadyTimeoutMilliseconds=1500");
        watch.WaitForLine(l => l.Contains("warning KS2004") && l.Contains(watch.Port.ToString()), what: "the KS2004 warning");
        Assert.Contains("message=v1", Http.TryGet($"http://127.0.0.1:{elsewhere}/"));
    }

    [Fact]
    public void BadWatchSettingsAreKsErrors()
    {
        using GoProject project = TestServer.Create(nameof(BadWatchSettingsAreKsErrors));
        CommandResult result = project.Build("-t:Watch", "-p:KickstartServerUrl=not a url", "-p:KickstartServerStopSignal=SIGFOO",
            "-p:KickstartProxyUrl=ftp://127.0.0.1", "-p:KickstartServerStopTimeoutMilliseconds=soon");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Lines, l => l.Contains("error KS2005"));
        Assert.Contains(result.Lines, l => l.Contains("error KS2006"));
        Assert.Contains(result.Lines, l => l.Contains("error KS2010"));
        Assert.Contains(result.Lines, l => l.Contains("error KS1006") && l.Contains("KickstartServerStopTimeoutMilliseconds"));
        Assert.DoesNotContain("MSB4030", result.Output);
        Assert.False(result.HasStackTrace, result.ToString());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WatchCollection
{
    public const string Name = "Watch (timing-sensitive, one at a time)";
}
