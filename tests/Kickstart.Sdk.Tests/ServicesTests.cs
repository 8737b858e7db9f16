using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Kickstart.Contracts;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// Several services in one module (cmd/api and cmd/worker sharing internal/shared; internal/apionly only api's), each
/// with its own project file beside the one go.mod, watched together as a solution: a change rebuilds and restarts only
/// the services whose package graph holds the changed package, and each watch keeps to its own files and server.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class ServicesTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(90);

    /// <summary>A service's main package: answers "service=NAME" and the values of the packages it uses; writes its
    /// launcher's and its own pid to pids-NAME. Go 1.19 compatible.</summary>
    private static string ServiceMain(string name, params string[] packages) => $$"""
        package main

        import (
        	"context"
        	"fmt"
        	"net/http"
        	"os"
        	"os/signal"
        	"syscall"
        	"time"
        {{string.Concat(packages.Select(p => $"\n\t\"{GoProject.ModulePath}/internal/{p}\""))}}
        )

        func main() {
        	os.WriteFile("pids-{{name}}", []byte(fmt.Sprintf("%d %d", os.Getppid(), os.Getpid())), 0o644)
        	srv := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
        		fmt.Fprintf(w, "service={{name}}{{string.Concat(packages.Select(p => $" {p}=%s"))}} iteration=%s"{{string.Concat(packages.Select(p => $", {p}.Value"))}}, os.Getenv("KICKSTART_ITERATION"))
        	})}
        	stop := make(chan os.Signal, 1)
        	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
        	go func() {
        		<-stop
        		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
        		defer cancel()
        		srv.Shutdown(ctx)
        	}()
        	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
        		fmt.Println("server:", err)
        		os.Exit(1)
        	}
        }
        """;

    private static string Package(string name, string value) => $"package {name}\n\nconst Value = \"{value}\"\n";

    /// <summary>The module with api.proj and worker.proj side by side at its root, and a solution of both.</summary>
    private static (GoProject Root, Dictionary<string, int> Ports) CreateModule(string testName)
    {
        GoProject root = GoProject.Create(testName, "unused", withMain: false);
        File.Delete(root.ProjectPath);
        root.Write("cmd/api/main.go", ServiceMain("api", "shared", "apionly"))
            .Write("cmd/worker/main.go", ServiceMain("worker", "shared"))
            .Write("internal/shared/shared.go", Package("shared", "s1"))
            .Write("internal/apionly/apionly.go", Package("apionly", "a1"))
            .Write("internal/shared/shared_test.go", "package shared\n\nimport \"testing\"\n\nfunc TestValue(t *testing.T) {}\n");
        var ports = new Dictionary<string, int>();
        foreach (string service in new[] { "api", "worker" })
        {
            ports[service] = FreePort.Find();
            root.Write($"{service}.proj", $"<Project Sdk=\"Kickstart.Sdk/{TestRun.SdkVersion}\">\n  <PropertyGroup>\n"
                + $"    <GoMainPackage>./cmd/{service}</GoMainPackage>\n    <KickstartServerUrl>http://127.0.0.1:{ports[service]}</KickstartServerUrl>\n"
                + "  </PropertyGroup>\n</Project>\n");
        }
        return (root, ports);
    }

    private static WatchSession WatchSolution(GoProject root)
    {
        Assert.True(root.Dotnet("new", "sln", "-n", "services", "--format", "sln").Succeeded);
        CommandResult add = root.Dotnet("sln", "services.sln", "add", "api.proj", "worker.proj");
        Assert.True(add.Succeeded, add.ToString());
        // Normal verbosity: the lines a watch says about changes outside its build, and about its package graph. A node
        // per service (-m, the core count by default): watches that share a node take turns to build.
        return WatchSession.StartOn(root, Path.Combine(root.Directory, "services.sln"), "-v:n", "-m:2");
    }

    private static bool SaysOf(string line, string service, string pattern) =>
        line.Contains($"[{service}] ", StringComparison.Ordinal) && Regex.IsMatch(line, pattern);

    private static void WaitUntilServing(int port, string text, WatchSession watch) =>
        Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains(text, StringComparison.Ordinal), Bounded),
            $"port {port} never served '{text}'; output:\n{watch.Output}");

    /// <summary>The process that runs <paramref name="service"/>'s watch: its launcher's parent.</summary>
    private static int WatchProcessOf(GoProject root, string service)
    {
        string file = Path.Combine(root.Directory, "pids-" + service);
        Assert.True(Poll.Until(() => File.Exists(file), Bounded), $"{service} never wrote its pids");
        // /proc/PID/stat: "pid (comm) state ppid …", comm in parentheses.
        string stat = File.ReadAllText($"/proc/{File.ReadAllText(file).Split(' ')[0]}/stat");
        return int.Parse(stat.Substring(stat.LastIndexOf(')') + 2).Split(' ')[1]);
    }

    /// <summary>The go commands run for <paramref name="service"/> so far (its builds and its go list).</summary>
    private static int GoCallsFor(GoProject root, string service) => root.Go.Calls.Count(c => c.Contains($"cmd/{service}", StringComparison.Ordinal));

    [Fact]
    public void AChangeRebuildsOnlyTheServicesWhosePackageGraphHoldsTheChangedPackage()
    {
        (GoProject root, Dictionary<string, int> ports) = CreateModule(nameof(AChangeRebuildsOnlyTheServicesWhosePackageGraphHoldsTheChangedPackage));
        using (root)
        using (WatchSession watch = WatchSolution(root))
        {
            WaitUntilServing(ports["api"], "service=api shared=s1 apionly=a1 iteration=1", watch);
            WaitUntilServing(ports["worker"], "service=worker shared=s1 iteration=1", watch);
            foreach (string service in ports.Keys)
                watch.WaitForLine(l => SaysOf(l, service, WatchStatusLines.PackagesListedPattern), Bounded, $"{service}'s package graph");
            // Each project has its own staging directory and launcher, though both share obj/.
            foreach (string service in ports.Keys)
            {
                Assert.Single(Directory.GetFiles(Path.Combine(root.Directory, "obj", "Debug", "kickstart-watch", service), "server-*.server"));
                Assert.True(Directory.Exists(Path.Combine(root.Directory, "obj", "Debug", "kickstart-launcher", service)), service);
            }

            // api's own package: api is rebuilt and restarted; the worker's watch says it is none of its business, runs no go.
            int workerCalls = GoCallsFor(root, "worker");
            root.Write("internal/apionly/apionly.go", Package("apionly", "a2"));
            WaitUntilServing(ports["api"], "apionly=a2 iteration=2", watch);
            watch.WaitForLine(l => SaysOf(l, "worker", WatchStatusLines.NotPartOfTheBuildPattern) && l.Contains("internal/apionly/apionly.go"),
                Bounded, "the worker's line about a change outside its build");
            // A test file is part of no binary: neither service builds for it.
            root.Write("internal/shared/shared_test.go", "package shared\n\nimport \"testing\"\n\nfunc TestValue(t *testing.T) { t.Log(1) }\n");
            foreach (string service in ports.Keys)
                watch.WaitForLine(l => SaysOf(l, service, WatchStatusLines.NotPartOfTheBuildPattern) && l.Contains("shared_test.go"), Bounded, $"{service} leaving the test file alone");
            Assert.Equal(workerCalls, GoCallsFor(root, "worker"));
            Assert.Contains("iteration=1", Http.TryGet($"http://127.0.0.1:{ports["worker"]}/"));
            Assert.DoesNotContain(watch.Lines, l => SaysOf(l, "worker", WatchStatusLines.ChangesPattern) && !Regex.IsMatch(l, WatchStatusLines.NotPartOfTheBuildPattern));

            // The shared package: both are rebuilt and restarted, at the same time: each watch runs in a process of its
            // own (MSBuild node), and only the rebuilds within one process take turns.
            Assert.NotEqual(WatchProcessOf(root, "api"), WatchProcessOf(root, "worker"));
            root.Write("internal/shared/shared.go", Package("shared", "s2"));
            WaitUntilServing(ports["api"], "shared=s2 apionly=a2 iteration=3", watch);
            WaitUntilServing(ports["worker"], "service=worker shared=s2 iteration=2", watch);

            // The worker imports apionly from now on: its graph is listed again, and apionly's changes rebuild it too.
            int workerGraphs = watch.Count(l => SaysOf(l, "worker", WatchStatusLines.PackagesListedPattern));
            root.Write("cmd/worker/main.go", ServiceMain("worker", "shared", "apionly"));
            WaitUntilServing(ports["worker"], "service=worker shared=s2 apionly=a2 iteration=3", watch);
            Assert.True(Poll.Until(() => watch.Count(l => SaysOf(l, "worker", WatchStatusLines.PackagesListedPattern)) > workerGraphs, Bounded),
                "the worker's graph was not listed again:\n" + watch.Output);
            root.Write("internal/apionly/apionly.go", Package("apionly", "a3"));
            WaitUntilServing(ports["api"], "apionly=a3", watch);
            WaitUntilServing(ports["worker"], "service=worker shared=s2 apionly=a3 iteration=4", watch);

            watch.PressCtrlC();
            Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(30)), watch.Output);
            watch.AssertNothingLeftRunning();
            Assert.All(ports.Values, port => Assert.True(Http.PortIsFree(port)));
        }
    }

    [Fact]
    public void TwoProjectFilesInOneDirectoryBuildAndCleanEachItsOwn()
    {
        (GoProject root, _) = CreateModule(nameof(TwoProjectFilesInOneDirectoryBuildAndCleanEachItsOwn));
        using (root)
        {
            Assert.True(root.Dotnet("new", "sln", "-n", "services", "--format", "sln").Succeeded);
            Assert.True(root.Dotnet("sln", "services.sln", "add", "api.proj", "worker.proj").Succeeded);
            CommandResult build = root.Dotnet("build", "services.sln");
            Assert.True(build.Succeeded, build.ToString());
            Assert.DoesNotContain(build.Lines, l => l.Contains(": warning ", StringComparison.Ordinal));
            string api = Path.Combine(root.Directory, "bin", "Debug", "api"), worker = Path.Combine(root.Directory, "bin", "Debug", "worker");
            Assert.True(File.Exists(api) && File.Exists(worker), build.ToString());

            CommandResult clean = root.Dotnet("clean", "api.proj");
            Assert.True(clean.Succeeded, clean.ToString());
            Assert.False(File.Exists(api));
            Assert.True(File.Exists(worker), "cleaning api removed the worker's binary");
            CommandResult again = root.Dotnet("build", "worker.proj");
            Assert.True(again.Succeeded, again.ToString());
            Assert.Equal(2, root.Go.CountOf("build")); // the worker was up to date: go ran for the first build of each only
        }
    }

    [Fact]
    public void AWatchNeverStopsTheServerOfTheOtherProjectInItsDirectoryButStillStopsItsOwnLeftover()
    {
        (GoProject root, Dictionary<string, int> ports) = CreateModule(nameof(AWatchNeverStopsTheServerOfTheOtherProjectInItsDirectoryButStillStopsItsOwnLeftover));
        using (root)
        {
            int apiServer = 0;
            try
            {
                // api's watch dies with its launcher (a crash of both): its server is left running, orphaned. (The session
                // is disposed at the end: its disposal kills whatever is left in the session, the orphan included.)
                using WatchSession api = WatchSession.StartOn(root, Path.Combine(root.Directory, "api.proj"));
                WaitUntilServing(ports["api"], "service=api", api);
                int[] pids = File.ReadAllText(Path.Combine(root.Directory, "pids-api")).Split(' ').Select(int.Parse).ToArray();
                apiServer = pids[1];
                api.SignalTheWatch(ProcessTable.SIGSTOP);
                ProcessTable.Signal(pids[0], ProcessTable.SIGKILL);
                api.SignalTheWatch(ProcessTable.SIGKILL);
                Assert.True(api.WaitForExit(TimeSpan.FromSeconds(10)));
                Assert.True(ProcessTable.IsAlive(apiServer), "the setup did not leave api's server running");

                // The worker's watch, from the same directory (the same obj/): api's server is none of its business.
                using (WatchSession worker = WatchSession.StartOn(root, Path.Combine(root.Directory, "worker.proj")))
                {
                    WaitUntilServing(ports["worker"], "service=worker", worker);
                    Assert.DoesNotContain(worker.Lines, l => Regex.IsMatch(l, WatchStatusLines.LeftoverStoppedPattern));
                    Assert.True(ProcessTable.IsAlive(apiServer), "the worker's watch stopped api's server:\n" + worker.Output);
                    Assert.Contains("service=api", Http.TryGet($"http://127.0.0.1:{ports["api"]}/"));

                    // api's own next watch does stop it, and serves (the worker's server goes on).
                    using WatchSession again = WatchSession.StartOn(root, Path.Combine(root.Directory, "api.proj"));
                    again.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.LeftoverStoppedPattern) && l.Contains($"PID {apiServer}"), Bounded,
                        "api's leftover stopped by api's watch");
                    Assert.True(Poll.Until(() => !ProcessTable.IsAlive(apiServer), TimeSpan.FromSeconds(10)));
                    WaitUntilServing(ports["api"], "service=api shared=s1 apionly=a1 iteration=1", again);
                    Assert.Contains("service=worker", Http.TryGet($"http://127.0.0.1:{ports["worker"]}/"));
                }
            }
            finally
            {
                if (apiServer != 0 && ProcessTable.IsAlive(apiServer))
                    ProcessTable.Signal(apiServer, ProcessTable.SIGKILL);
            }
        }
    }
}
