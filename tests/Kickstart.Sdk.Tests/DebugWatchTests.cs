using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Debugging;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// `-t:Watch -p:KickstartDebug=true` with the real Delve: the server runs under dlv, the test attaches as an editor would
/// (Delve's JSON-RPC API), a request halts at a breakpoint, the breakpoints survive every reload, a halted server is
/// swapped, a breakpoint whose line vanished is reported, and no dlv and no server outlive Ctrl+C, SIGTERM or kill -9.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class DebugWatchTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(90);

    // The handler in a file of its own, so that main.go can change under it and the breakpoint's line stays put.
    private const string Main = """
        package main

        import (
        	"context"
        	"net/http"
        	"os"
        	"os/signal"
        	"syscall"
        	"time"
        )

        const message = "v1"

        func main() {
        	srv := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), Handler: http.HandlerFunc(handle)}
        	stop := make(chan os.Signal, 1)
        	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
        	go func() {
        		<-stop
        		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
        		defer cancel()
        		srv.Shutdown(ctx)
        	}()
        	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
        		os.Exit(1)
        	}
        }
        """;

    private const string Handler = """
        package main

        import (
        	"fmt"
        	"net/http"
        	"os"
        )

        func handle(w http.ResponseWriter, r *http.Request) {
        	reply := fmt.Sprintf("message=%s iteration=%s pid=%d", message, os.Getenv("KICKSTART_ITERATION"), os.Getpid())
        	fmt.Fprint(w, reply)
        }
        """;

    /// <summary>The `reply :=` line of <see cref="Handler"/>.</summary>
    private const int HandlerLine = 10;

    /// <summary>The same handler with the breakpoint's line turned into a comment: it holds no code any more.</summary>
    private static readonly string HandlerWithoutTheLine = Handler
        .Replace("\treply := fmt.Sprintf(", "\t// the reply, inline now:\n\tfmt.Fprint(w, fmt.Sprintf(")
        .Replace("os.Getpid())\n\tfmt.Fprint(w, reply)", "os.Getpid()))");

    private static GoProject CreateProject(string testName)
    {
        GoProject project = GoProject.Create(testName, "server", withMain: false);
        project.Write("main.go", Main).Write("handler.go", Handler);
        return project;
    }

    private static string StartDebugWatch(GoProject project, out WatchSession watch)
    {
        string address = $"127.0.0.1:{FreePort.Find()}";
        watch = WatchSession.Start(project, "-p:KickstartDebug=true", $"-p:KickstartDebugAddress={address}");
        return address;
    }

    private static DelveClient Attach(string address) => DelveClient.Connect(address, TimeSpan.FromSeconds(30));

    /// <summary>The handler file as Delve names it (the path compiled into the binary).</summary>
    private static string HandlerFile(GoProject project) => Path.Combine(project.Directory, "handler.go");

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    private static Task<string> RequestAsync(WatchSession watch) => Client.GetStringAsync(watch.Url);

    private static async Task<DelveState> WaitUntilHaltedAsync(Task<DelveState> running, string what)
    {
        Assert.True(await Task.WhenAny(running, Task.Delay(Bounded)) == running, $"{what}: the server did not halt");
        return await running;
    }

    /// <summary>The dlv processes of the watch, and the servers under them (staged as server-N), in the watch's session.</summary>
    private static int[] DelveAndServers(WatchSession watch) =>
        // The server runs from the build output itself (bin/Debug/server).
        ProcessTable.LiveInSession(watch.Pid).Where(p => p.Command is "dlv" or "server")
            .Select(p => p.Pid).ToArray();

    private static void AssertGone(string what, params int[] pids)
    {
        bool gone = Poll.Until(() => pids.All(ProcessTable.IsGone), TimeSpan.FromSeconds(10));
        string left = string.Join(", ", pids.Where(ProcessTable.IsAlive));
        foreach (int pid in pids.Where(ProcessTable.IsAlive))
            ProcessTable.Signal(pid, ProcessTable.SIGKILL);
        Assert.True(gone, $"{what}: still running {left}");
    }

    [Fact]
    public async Task ABreakpointHaltsARequestSurvivesTheReloadAndAHaltedServerIsSwapped()
    {
        using GoProject project = CreateProject(nameof(ABreakpointHaltsARequestSurvivesTheReloadAndAHaltedServerIsSwapped));
        string address = StartDebugWatch(project, out WatchSession watch);
        using (watch)
        {
            watch.WaitUntilServing("message=v1", Bounded);
            string attach = watch.WaitForLine(l => l.Contains("kickstart: debugger (Delve) at "), Bounded, "where to attach");
            Assert.Contains(address, attach);
            Assert.Contains("attach again", attach);

            // The editor attaches and sets a breakpoint on the handler's line; a request halts there.
            int firstServer;
            using (DelveClient editor = Attach(address))
            {
                editor.Halt();
                DelveBreakpoint set = editor.CreateBreakpoint(HandlerFile(project), HandlerLine);
                Assert.Equal(HandlerLine, set.Line);
                Task<DelveState> running = editor.Continue();
                Task<string> request = RequestAsync(watch);
                DelveState halted = await WaitUntilHaltedAsync(running, "the first request");
                Assert.True(halted.IsHaltedAt(HandlerFile(project), HandlerLine), $"halted at {halted.Location}");
                Assert.True(editor.State().IsHaltedAt(HandlerFile(project), HandlerLine));
                Assert.False(request.IsCompleted);
                firstServer = halted.Pid;

                running = editor.Continue();
                Assert.StartsWith("message=v1 ", await request.WaitAsync(Bounded));
                Assert.False(running.IsCompleted);
            }

            // Another file changes: after the swap the breakpoint is set in the new process before it serves.
            project.Write("main.go", Main.Replace("const message = \"v1\"", "const message = \"v2\""));
            watch.WaitForLine(l => l.Contains("→ restarted"), Bounded, "the restart");
            watch.WaitForLine(l => l.Contains("new process, attach again (1 breakpoint carried over)"), Bounded, "the carried breakpoint");
            AssertGone("the first server after the swap", firstServer);
            int secondServer;
            using (DelveClient editor = Attach(address))
            {
                editor.Halt();
                DelveBreakpoint carried = Assert.Single(editor.ListBreakpoints());
                Assert.Equal((HandlerFile(project), HandlerLine), (carried.File, carried.Line));
                Task<DelveState> running = editor.Continue();
                Task<string> request = RequestAsync(watch);
                DelveState halted = await WaitUntilHaltedAsync(running, "the request after the reload");
                Assert.True(halted.IsHaltedAt(HandlerFile(project), HandlerLine), $"halted at {halted.Location}");
                Assert.NotEqual(firstServer, halted.Pid);
                secondServer = halted.Pid;

                // A swap while the server is halted at the breakpoint, and the breakpoint's line is gone in the new code.
                project.Write("handler.go", HandlerWithoutTheLine);
                watch.WaitForCount("→ restarted", 2, Bounded);
                // The halted server is stopped under the request, which then fails — or is answered by that server, when
                // Delve's detach-and-kill lets the process run for a moment first (seen once in a full run). Either way
                // it ends, and nothing of that server is left (below).
                try { Assert.StartsWith("message=v2 ", await request.WaitAsync(Bounded)); }
                catch (HttpRequestException) { }
            }
            watch.WaitForLine(l => l.Contains("KS2043") && l.Contains($"handler.go:{HandlerLine}"), Bounded, "the breakpoint that could not be set");
            AssertGone("the halted server after the swap", secondServer);
            // Without a breakpoint the new server answers at once.
            watch.WaitUntilServing("message=v2", Bounded);

            int[] left = DelveAndServers(watch);
            Assert.Equal(2, left.Length); // one dlv, one server: nothing of the earlier ones
            watch.PressCtrlC();
            Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(60)), watch.Output);
            AssertGone("after Ctrl+C", left);
            watch.AssertNothingLeftRunning();
        }
    }

    /// <summary>The `srv := …` line of <see cref="Main"/>: before the server listens.</summary>
    private const int MainLine = 15;

    [Fact]
    public async Task AServerHaltedBeforeItListensIsWaitedForWithoutKS2004AndTheProxyHoldsItsRequestsWithout503()
    {
        using GoProject project = CreateProject(nameof(AServerHaltedBeforeItListensIsWaitedForWithoutKS2004AndTheProxyHoldsItsRequestsWithout503));
        string address = $"127.0.0.1:{FreePort.Find()}";
        // Timeouts that would have expired many times over while the debugger holds the server.
        const int shortMs = 300;
        using WatchSession watch = WatchSession.StartWithProxy(project, "-p:KickstartDebug=true", $"-p:KickstartDebugAddress={address}",
            $"-p:KickstartProxyHoldTimeoutMilliseconds={shortMs}", $"-p:KickstartReadyTimeoutMilliseconds={shortMs}");
        watch.WaitUntilServing("message=v1", Bounded);
        string mainFile = Path.Combine(project.Directory, "main.go");
        using (DelveClient editor = Attach(address))
        {
            editor.Halt();
            editor.CreateBreakpoint(mainFile, MainLine);
            _ = editor.Continue();
        }

        // The reload's server halts at the carried breakpoint before it listens; a request to the proxy waits for it.
        project.Write("main.go", Main.Replace("const message = \"v1\"", "const message = \"v2\""));
        watch.WaitForLine(l => l.Contains("new process, attach again (1 breakpoint carried over)"), Bounded, "the carried breakpoint");
        Task<HttpResponseMessage> request = Client.GetAsync(watch.ProxyUrl);
        Assert.NotSame(request, await Task.WhenAny(request, Task.Delay(shortMs * 10)));
        Assert.DoesNotContain(watch.Lines, l => l.Contains("KS2004") || l.Contains("→ restarted"));

        using (DelveClient editor = Attach(address))
        {
            // Already halted: State, not Halt (a halt asked of a halted process stops the next continue at once).
            DelveState halted = editor.State();
            Assert.True(halted.IsHaltedAt(mainFile, MainLine), $"halted at {halted.Location}");
            _ = editor.Continue();
            Assert.True(await Task.WhenAny(request, Task.Delay(Bounded)) == request, "the held request was not answered; output:\n" + watch.Output);
            using HttpResponseMessage response = await request;
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("message=v2 ", await response.Content.ReadAsStringAsync());
        }
        watch.WaitForLine(l => l.Contains("→ restarted"), Bounded, "the restart, once the server listens");
        Assert.DoesNotContain(watch.Lines, l => l.Contains("KS2004"));

        watch.PressCtrlC();
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(60)), watch.Output);
        watch.AssertNothingLeftRunning();
    }

    [Fact]
    public async Task SigtermOfTheWatchWithTheServerHaltedLeavesNoDelveAndNoServer()
    {
        using GoProject project = CreateProject(nameof(SigtermOfTheWatchWithTheServerHaltedLeavesNoDelveAndNoServer));
        string address = StartDebugWatch(project, out WatchSession watch);
        using (watch)
        {
            watch.WaitUntilServing("message=v1", Bounded);
            using DelveClient editor = Attach(address);
            editor.Halt();
            editor.CreateBreakpoint(HandlerFile(project), HandlerLine);
            Task<DelveState> running = editor.Continue();
            Task<string> request = RequestAsync(watch);
            DelveState halted = await WaitUntilHaltedAsync(running, "the request");
            int[] pids = DelveAndServers(watch);
            Assert.Contains(halted.Pid, pids);

            watch.Signal(ProcessTable.SIGTERM);
            Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(60)), watch.Output);
            AssertGone("after SIGTERM", pids);
            watch.AssertNothingLeftRunning();
        }
    }

    [Fact]
    public void KillingTheBuildProcessLeavesNoDelveAndNoServer()
    {
        using GoProject project = CreateProject(nameof(KillingTheBuildProcessLeavesNoDelveAndNoServer));
        string address = StartDebugWatch(project, out WatchSession watch);
        using (watch)
        {
            watch.WaitUntilServing("message=v1", Bounded);
            int server;
            using (DelveClient editor = Attach(address))
            {
                // Delve tells the pid only of a halted process.
                server = editor.Halt().Pid;
                _ = editor.Continue();
            }
            int[] pids = DelveAndServers(watch);
            Assert.Contains(server, pids);
            Assert.Equal(2, pids.Length);

            // The lifeline: the launcher kills dlv's group and the server, which Delve put in a group of its own.
            watch.Signal(ProcessTable.SIGKILL);
            Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(10)), "the build process survived kill -9");
            AssertGone("after kill -9 of the build", pids);
            watch.AssertNothingLeftRunning();
        }
    }
}
