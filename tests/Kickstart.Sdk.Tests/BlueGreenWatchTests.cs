using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// Swapping the server under `dotnet build -t:Watch` (KickstartServerSwap): blue/green through the real dev proxy — the
/// new server on a fresh port beside the old one, the proxy switched when it accepts, the old one stopped in the
/// background — and the server run from the build output itself. Real builds, real processes, real requests.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class BlueGreenWatchTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A server whose graceful stop takes 3 s (it traps SIGTERM and sleeps before it shuts down), that says its pid and
    /// leaves a file behind once it has stopped. Its address: PORT, or the first argument when there is one (a server
    /// that binds a fixed port). Go 1.19 compatible.
    /// </summary>
    private const string SlowStoppingServer = """
        package main

        import (
        	"context"
        	"fmt"
        	"net/http"
        	"os"
        	"os/signal"
        	"syscall"
        	"time"
        )

        const message = "v1"

        func main() {
        	addr := "127.0.0.1:" + os.Getenv("PORT")
        	if len(os.Args) > 1 {
        		addr = os.Args[1]
        	}
        	srv := &http.Server{Addr: addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
        		fmt.Fprintf(w, "message=%s pid=%d", message, os.Getpid())
        	})}
        	stop := make(chan os.Signal, 1)
        	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
        	go func() {
        		<-stop
        		fmt.Printf("server %s: stopping in 3 s\n", message)
        		time.Sleep(3 * time.Second)
        		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
        		defer cancel()
        		srv.Shutdown(ctx)
        	}()
        	fmt.Printf("server %s: listening on %s\n", message, addr)
        	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
        		fmt.Println("server:", err)
        		os.Exit(1)
        	}
        	os.WriteFile("stopped-"+message, []byte("graceful"), 0o644)
        }
        """;

    private static string WithMessage(string message) => SlowStoppingServer.Replace("const message = \"v1\"", $"const message = \"{message}\"");

    private static GoProject Create(string testName)
    {
        GoProject project = GoProject.Create(testName, "server", withMain: false);
        project.Write("main.go", SlowStoppingServer);
        return project;
    }

    private static int PidIn(string body) => int.Parse(Regex.Match(body, @"pid=(\d+)").Groups[1].Value);

    /// <summary>What a process runs, as the kernel says: the path of its executable (" (deleted)" once replaced).</summary>
    private static string? ExecutableOf(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/exe").LinkTarget; }
        catch (IOException) { return null; }
    }

    [Fact]
    public async Task ReloadsUnderConstantLoadFailNoRequestAndAnOldServerThatTakes3sToStopDelaysNothing()
    {
        using GoProject project = Create(nameof(ReloadsUnderConstantLoadFailNoRequestAndAnOldServerThatTakes3sToStopDelaysNothing));
        using WatchSession watch = WatchSession.StartWithProxy(project);
        string proxy = watch.ProxyUrl!;
        Assert.True(Http.WaitForBody(proxy, b => b.Contains("message=v1"), Bounded), watch.Output);

        int requests = 0, failures = 0;
        string? firstFailure = null;
        using var stop = new CancellationTokenSource();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        Task load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using HttpResponseMessage response = await client.GetAsync(proxy);
                    if (!response.IsSuccessStatusCode)
                        throw new InvalidOperationException($"status {(int)response.StatusCode}");
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                    firstFailure ??= e.Message;
                }
                Interlocked.Increment(ref requests);
            }
        });

        for (int i = 2; i <= 4; i++)
        {
            string old = $"v{i - 1}", next = $"v{i}";
            int oldPid = PidIn(Http.TryGet(proxy)!);
            project.Write("main.go", WithMessage(next));
            Assert.True(Http.WaitForBody(proxy, b => b.Contains("message=" + next), Bounded), watch.Output);
            // Served by the new server while the old one is still in its 3 s graceful stop: the stop delayed nothing.
            Assert.False(File.Exists(Path.Combine(project.Directory, "stopped-" + old)), $"{old} had stopped before {next} was served\n{watch.Output}");
            Assert.True(ProcessTable.IsAlive(oldPid), $"{old} (pid {oldPid}) was gone before {next} was served\n{watch.Output}");
            // It still stops gracefully, in the background, and its output still shows.
            Assert.True(Poll.Until(() => File.Exists(Path.Combine(project.Directory, "stopped-" + old)), Bounded), watch.Output);
            watch.WaitForLine(l => l.Contains($"server {old}: stopping in 3 s"), what: $"{old}'s own output");
        }
        stop.Cancel();
        await load.WaitAsync(Bounded);

        Assert.True(requests > 20, $"only {requests} requests were sent");
        Assert.True(failures == 0, $"{failures} of {requests} requests failed, the first with: {firstFailure}\n{watch.Output}");
        Assert.DoesNotContain(watch.Lines, l => Regex.IsMatch(l, "KS2003|KS2051|did not stop within"));
    }

    [Fact]
    public void TheServerRunsFromTheBuildOutputAndAnUnchangedBuildIsNotRestarted()
    {
        using GoProject project = Create(nameof(TheServerRunsFromTheBuildOutputAndAnUnchangedBuildIsNotRestarted));
        using WatchSession watch = WatchSession.StartWithProxy(project);
        string proxy = watch.ProxyUrl!;
        Assert.True(Http.WaitForBody(proxy, b => b.Contains("message=v1"), Bounded), watch.Output);
        int first = PidIn(Http.TryGet(proxy)!);
        Assert.Equal(project.BinaryPath(), ExecutableOf(first));

        project.Write("main.go", WithMessage("v2"));
        Assert.True(Http.WaitForBody(proxy, b => b.Contains("message=v2"), Bounded), watch.Output);
        int second = PidIn(Http.TryGet(proxy)!);
        Assert.Equal(project.BinaryPath(), ExecutableOf(second));
        // The first one kept running from the file go replaced, not from a copy.
        Assert.True(!ProcessTable.IsAlive(first) || ExecutableOf(first) == project.BinaryPath() + " (deleted)");
        // The staging directory holds the server records (and the build errors), no copy of the binary.
        string staging = Path.Combine(project.Directory, "obj", "Debug", "kickstart-watch");
        Assert.DoesNotContain(Directory.GetFiles(staging), f => !f.EndsWith(".server", StringComparison.Ordinal) && !f.EndsWith(".jsonl", StringComparison.Ordinal));

        // The same bytes again (a comment does not reach the binary): go's build ID says unchanged, nothing restarts.
        project.Write("main.go", WithMessage("v2") + "\n// a comment\n");
        watch.WaitForLine(l => l.Contains("binary unchanged"), what: "the unchanged-binary notice");
        Assert.Equal(second, PidIn(Http.TryGet(proxy)!));
    }

    [Fact]
    public void AServerThatBindsAFixedPortFallsBackToStopStartOnceAndSaysSo()
    {
        using GoProject project = Create(nameof(AServerThatBindsAFixedPortFallsBackToStopStartOnceAndSaysSo));
        int port = FreePort.Find();
        using WatchSession watch = WatchSession.StartWithProxy(project, $"-p:KickstartServerUrl=http://127.0.0.1:{port}",
            $"-p:KickstartServerArguments=127.0.0.1:{port}", "-p:KickstartServerStopTimeoutMilliseconds=5000");
        string proxy = watch.ProxyUrl!;
        Assert.True(Http.WaitForBody(proxy, b => b.Contains("message=v1"), Bounded), watch.Output);

        project.Write("main.go", WithMessage("v2"));
        Assert.True(Http.WaitForBody(proxy, b => b.Contains("message=v2"), Bounded), watch.Output);
        string warning = watch.WaitForLine(l => l.Contains("warning KS2051"), what: "the KS2051 warning");
        Assert.Contains("exited with code 1", warning);
        Assert.True(File.Exists(Path.Combine(project.Directory, "stopped-v1")), "the old server was not stopped before the new one started");

        project.Write("main.go", WithMessage("v3"));
        Assert.True(Http.WaitForBody(proxy, b => b.Contains("message=v3"), Bounded), watch.Output);
        Assert.Equal(1, watch.Count(l => l.Contains("KS2051")));
        Assert.Equal(1, watch.Count(l => l.Contains("address already in use"))); // no second attempt beside the old one
        Assert.DoesNotContain(watch.Lines, l => l.Contains("KS2003"));
    }

    [Fact]
    public void AnUnknownSwapModeIsKS2050AndBlueGreenWithoutTheProxyIsKS2052()
    {
        using GoProject project = Create(nameof(AnUnknownSwapModeIsKS2050AndBlueGreenWithoutTheProxyIsKS2052));

        CommandResult bad = project.Build("-t:Watch", "-p:KickstartServerSwap=sideways");
        Assert.False(bad.Succeeded);
        Assert.Contains(bad.Lines, l => l.Contains("error KS2050") && l.Contains("'sideways'") && l.Contains("blue-green"));
        Assert.DoesNotContain("MSB4030", bad.Output);
        Assert.False(bad.HasStackTrace, bad.ToString());

        using WatchSession watch = WatchSession.Start(project, "-p:KickstartServerSwap=blue-green");
        watch.WaitForLine(l => l.Contains("warning KS2052") && l.Contains("KickstartProxyUrl"), what: "the KS2052 warning");
        watch.WaitUntilServing("message=v1");
    }
}
