using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// The server and everything it starts live and die together, with the watch: a Go server that starts a child
/// (`exec.Command("sleep", "1000")`) leaves nothing behind after a reload, after a stop by any signal, and after a
/// `kill -9` of the build process; what an earlier watch left behind is dealt with at the next start.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class ServerGroupTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    /// <summary>TestServer's server, which also starts a child it never stops and writes "launcher server child" pids.</summary>
    private static string WithChild(string message) => TestServer.WithMessage(message)
        .Replace("\t\"os/signal\"\n", "\t\"os/exec\"\n\t\"os/signal\"\n")
        .Replace("func main() {\n", """
            func main() {
            	child := exec.Command("sleep", "1000")
            	if err := child.Start(); err != nil {
            		fmt.Println("server: cannot start its child:", err)
            		os.Exit(1)
            	}
            	os.WriteFile("pids.tmp", []byte(fmt.Sprintf("%d %d %d", os.Getppid(), os.Getpid(), child.Process.Pid)), 0o644)
            	os.Rename("pids.tmp", "pids-"+message)

            """.Replace("\r\n", "\n"));

    private static GoProject CreateProject(string testName)
    {
        GoProject project = TestServer.Create(testName);
        project.Write("main.go", WithChild("v1"));
        return project;
    }

    /// <summary>The launcher's, the server's and its child's pids, as the server of <paramref name="message"/> wrote them.</summary>
    private static (int Launcher, int Server, int Child) Pids(GoProject project, string message)
    {
        string file = Path.Combine(project.Directory, "pids-" + message);
        Assert.True(Poll.Until(() => File.Exists(file), Bounded), $"the {message} server never wrote its pids");
        int[] pids = File.ReadAllText(file).Split(' ').Select(int.Parse).ToArray();
        return (pids[0], pids[1], pids[2]);
    }

    private static void AssertGone(string what, params int[] pids) =>
        Assert.True(Poll.Until(() => pids.All(pid => !ProcessTable.IsAlive(pid)), TimeSpan.FromSeconds(10)),
            $"{what}: still running {string.Join(", ", pids.Where(ProcessTable.IsAlive))}");

    private static void KillSurvivors(params int[] pids)
    {
        foreach (int pid in pids.Where(ProcessTable.IsAlive))
            ProcessTable.Signal(pid, ProcessTable.SIGKILL);
    }

    [Fact]
    public void TheServersChildIsGoneAfterAReload()
    {
        using GoProject project = CreateProject(nameof(TheServersChildIsGoneAfterAReload));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("message=v1");
        var first = Pids(project, "v1");
        Assert.True(ProcessTable.IsAlive(first.Child));

        project.Write("main.go", WithChild("v2"));
        watch.WaitUntilServing("message=v2");

        AssertGone("the v1 server's child after the reload", first.Child, first.Server, first.Launcher);
        Assert.True(ProcessTable.IsAlive(Pids(project, "v2").Child));
    }

    public static TheoryData<string> StopSignals => new() { "SIGTERM", "SIGHUP", "SIGINT (not from a terminal)" };

    [Theory]
    [MemberData(nameof(StopSignals))]
    public void TheServersChildIsGoneAfterTheWatchIsStopped(string signal)
    {
        using GoProject project = CreateProject(nameof(TheServersChildIsGoneAfterTheWatchIsStopped));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("message=v1");
        var pids = Pids(project, "v1");

        // To the build process alone, as `kill` sends it: nothing reaches the server from a terminal.
        watch.Signal(signal switch { "SIGTERM" => ProcessTable.SIGTERM, "SIGHUP" => ProcessTable.SIGHUP, _ => ProcessTable.SIGINT });

        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(30)), watch.Output);
        AssertGone($"after {signal}", pids.Child, pids.Server, pids.Launcher);
        watch.AssertNothingLeftRunning();
        Assert.True(Http.PortIsFree(watch.Port));
    }

    [Fact]
    public void KillingTheBuildProcessTakesTheServerAndItsChildWithinASecondAndAFreshWatchStartsCleanly()
    {
        using GoProject project = CreateProject(nameof(KillingTheBuildProcessTakesTheServerAndItsChildWithinASecondAndAFreshWatchStartsCleanly));
        int port;
        using (WatchSession first = WatchSession.Start(project))
        {
            first.WaitUntilServing("message=v1");
            port = first.Port;
            var pids = Pids(project, "v1");
            try
            {
                var sinceKill = System.Diagnostics.Stopwatch.StartNew();
                first.Signal(ProcessTable.SIGKILL);
                // The second counts from the build process's end: a loaded machine may take a while to tear down a
                // .NET process with its threads and memory, and only then does the kernel close its end of the lifeline.
                Assert.True(first.WaitForExit(TimeSpan.FromSeconds(10)), "the build process survived kill -9");
                TimeSpan buildGone = sinceKill.Elapsed;

                bool gone = Poll.Until(() => !ProcessTable.IsAlive(pids.Launcher) && !ProcessTable.IsAlive(pids.Server) && !ProcessTable.IsAlive(pids.Child),
                    TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(5));
                Assert.True(gone, $"within 1 s of the build process's end ({buildGone.TotalMilliseconds:0} ms after its kill -9), still running: "
                    + string.Join(", ", new[] { pids.Launcher, pids.Server, pids.Child }.Where(ProcessTable.IsAlive)));
                Assert.True(Http.PortIsFree(port));
            }
            finally
            {
                KillSurvivors(pids.Child, pids.Server, pids.Launcher);
            }
        }

        // The killed watch left its staged binary and its record behind: the next one must start over them cleanly.
        project.Write("main.go", WithChild("v2"));
        using WatchSession second = WatchSession.Start(project, $"-p:KickstartServerUrl=http://127.0.0.1:{port}");
        Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains("message=v2"), Bounded), second.Output);
        Assert.DoesNotContain(second.Lines, l => l.Contains("error") || l.Contains("MSB4018") || l.Contains("Text file busy"));
        Assert.DoesNotContain(second.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public void AServerAnEarlierWatchLeftRunningIsStoppedAtTheNextStart()
    {
        using GoProject project = CreateProject(nameof(AServerAnEarlierWatchLeftRunningIsStoppedAtTheNextStart));
        int port;
        (int Launcher, int Server, int Child) pids;
        using WatchSession first = WatchSession.Start(project);
        first.WaitUntilServing("message=v1");
        port = first.Port;
        pids = Pids(project, "v1");
        try
        {
            // Cut the lifeline too: the build cannot react while stopped, the launcher dies, then the build. The server
            // and its child are left running, orphaned, in their process group: what a crash of both would leave.
            first.SignalTheWatch(ProcessTable.SIGSTOP);
            ProcessTable.Signal(pids.Launcher, ProcessTable.SIGKILL);
            first.SignalTheWatch(ProcessTable.SIGKILL);
            Assert.True(first.WaitForExit(TimeSpan.FromSeconds(10)));
            Assert.True(ProcessTable.IsAlive(pids.Server) && ProcessTable.IsAlive(pids.Child), "the setup did not leave the server running");
            Assert.Contains("message=v1", Http.TryGet($"http://127.0.0.1:{port}/"));

            project.Write("main.go", WithChild("v2"));
            using WatchSession second = WatchSession.Start(project, $"-p:KickstartServerUrl=http://127.0.0.1:{port}");
            Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains("message=v2"), Bounded), second.Output);

            second.WaitForLine(l => System.Text.RegularExpressions.Regex.IsMatch(l, WatchStatusLines.LeftoverStoppedPattern)
                && l.Contains($"port {port}") && l.Contains($"PID {pids.Server}") && l.Contains($"PID {pids.Child} sleep 1000"), what: "the notice of the leftover stopped");
            AssertGone("the earlier watch's server", pids.Server, pids.Child);
        }
        finally
        {
            KillSurvivors(pids.Child, pids.Server, pids.Launcher);
        }
    }

    [Fact]
    public void AForeignListenerOnTheServerPortIsAKsErrorNamingItsPidAndPort()
    {
        using GoProject project = CreateProject(nameof(AForeignListenerOnTheServerPortIsAKsErrorNamingItsPidAndPort));
        var foreign = new TcpListener(IPAddress.Loopback, 0);
        foreign.Start();
        try
        {
            int port = ((IPEndPoint)foreign.LocalEndpoint).Port;
            using WatchSession watch = WatchSession.Start(project, $"-p:KickstartServerUrl=http://127.0.0.1:{port}");

            Assert.True(watch.WaitForExit(Bounded), "the watch did not stop at the taken port:\n" + watch.Output);
            string error = watch.WaitForLine(l => l.Contains("error KS2030"), what: "the KS2030 error");
            Assert.Contains($"port {port}", error);
            Assert.Contains($"process {Environment.ProcessId} (", error);
            Assert.NotEqual(0, watch.ExitCode);
            Assert.DoesNotContain(watch.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            Assert.False(File.Exists(Path.Combine(project.Directory, "pids-v1")), "a server was started anyway");
        }
        finally
        {
            foreign.Stop();
        }
    }
}
