using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// A real watch driven by a host (the Aspire app host's part, played by <see cref="ControlChannelHost"/>): the watch
/// connects to the address its environment names, reports what it does, and obeys the host's commands.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class HostChannelWatchTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(90);

    // The test server, also answering with its own process and what it sees of the host's variables (which it must not).
    private static string Server(string message) => TestServer.WithMessage(message).Replace(
        "\"message=%s page=%s iteration=%s watch=%s\", message, page, os.Getenv(\"KICKSTART_ITERATION\"), os.Getenv(\"KICKSTART_WATCH\")",
        "\"message=%s page=%s iteration=%s watch=%s pid=%d control=[%s] token=[%s]\", message, page, os.Getenv(\"KICKSTART_ITERATION\"), os.Getenv(\"KICKSTART_WATCH\"), os.Getpid(), os.Getenv(\"KICKSTART_WATCH_CONTROL\"), os.Getenv(\"KICKSTART_WATCH_CONTROL_TOKEN\")");

    private static int ServedPid(string body) => int.Parse(Regex.Match(body, @"pid=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void AHostHearsEveryStateAndItsCommandsRestartAndRebuild()
    {
        using GoProject project = TestServer.Create(nameof(AHostHearsEveryStateAndItsCommandsRestartAndRebuild));
        project.Write("main.go", Server("v1"));
        using var host = new ControlChannelHost();
        using WatchSession watch = WatchSession.StartWith(project, host.Environment());
        host.Accept(Bounded, () => watch.Output);

        WatchEvent hello = host.WaitFor(WatchEventKinds.Hello, () => watch.Output);
        Assert.Equal(host.Token, hello.Token);
        Assert.Equal(project.ProjectPath, hello.Project);
        Assert.True(hello.ProcessId > 0);
        Assert.Equal(WatchEventKinds.Building, host.WaitFor(WatchEventKinds.Building, () => watch.Output).Kind);

        // Running: where users open it, and the server's own process, which the server itself names.
        WatchEvent first = host.WaitFor(WatchEventKinds.Running, () => watch.Output);
        Assert.Equal(watch.Url.TrimEnd('/'), first.Url);
        Assert.Matches(WatchStatusLines.StartedPattern, first.Message);
        string body = Http.TryGet(watch.Url)!;
        Assert.Contains("message=v1", body);
        Assert.Equal(first.ServerProcessId, ServedPid(body));
        Assert.Contains("control=[] token=[]", body); // the host's variables are the watch's, never the server's

        // An edit: building, then running with a new server.
        project.Write("main.go", Server("v2"));
        WatchEvent second = host.WaitFor(WatchEventKinds.Running, () => watch.Output, count: 2);
        Assert.Equal(2, host.Events.Count(e => e.Kind == WatchEventKinds.Building));
        Assert.Matches(WatchStatusLines.RestartedPattern, second.Message);
        watch.WaitUntilServing("message=v2");
        Assert.NotEqual(first.ServerProcessId, second.ServerProcessId);
        Assert.Equal(second.ServerProcessId, ServedPid(Http.TryGet(watch.Url)!));

        // A compile error: the Go error in canonical form, and the last good build still serving.
        project.Write("main.go", Server("v3").Replace("srv.Shutdown(ctx)", "srv.Shutdown(ctx); undefinedThing()"));
        WatchEvent failed = host.WaitFor(WatchEventKinds.BuildFailed, () => watch.Output);
        Assert.True(failed.StillServing);
        Assert.Matches(WatchStatusLines.BuildFailedPattern, failed.Message);
        string goError = Assert.Single(failed.Errors!, e => e.Contains("undefinedThing"));
        Assert.Matches(@"main\.go\(\d+,\d+\): error \S+: .*undefined: undefinedThing", goError);
        Assert.Contains(watch.Lines, l => l.Trim() == goError.Trim()); // the same line the watch printed
        Assert.Contains("message=v2", Http.TryGet(watch.Url));

        project.Write("main.go", Server("v3"));
        WatchEvent third = host.WaitFor(WatchEventKinds.Running, () => watch.Output, count: 3);
        watch.WaitUntilServing("message=v3");

        // Restart: Ctrl+R's restart by hand, a new server from the same binary, no build.
        int buildsBefore = host.Events.Count(e => e.Kind == WatchEventKinds.Building);
        host.Send(WatchCommandNames.Restart);
        WatchEvent restarted = host.WaitFor(WatchEventKinds.Running, () => watch.Output, count: 4);
        Assert.Matches(WatchStatusLines.RestartedByHandPattern, restarted.Message);
        Assert.NotEqual(third.ServerProcessId, restarted.ServerProcessId);
        Assert.Equal(restarted.ServerProcessId, ServedPid(Http.TryGet(watch.Url)!));
        Assert.Equal(buildsBefore, host.Events.Count(e => e.Kind == WatchEventKinds.Building));

        // Rebuild: the project evaluated anew and built; the same sources give the same binary, so no restart.
        host.Send(WatchCommandNames.Rebuild);
        WatchEvent rebuilding = host.WaitFor(WatchEventKinds.Building, () => watch.Output, count: buildsBefore + 1);
        Assert.Equal(WatchStatusLines.RebuildAskedByHost, rebuilding.Message);
        WatchEvent unchanged = host.WaitFor(WatchEventKinds.Unchanged, () => watch.Output);
        Assert.StartsWith(WatchStatusLines.Prefix + WatchStatusLines.RebuildAskedByHost + " → built", unchanged.Message, StringComparison.Ordinal);
        Assert.Single(watch.Lines, l => l.Contains(WatchStatusLines.RebuildAskedByHost));

        // Stop: the last event, then the watch closes the channel.
        watch.PressCtrlC();
        WatchEvent stopping = host.WaitFor(WatchEventKinds.Stopping, () => watch.Output);
        Assert.Matches(WatchStatusLines.StoppedPattern, stopping.Message);
        Assert.True(Poll.Until(() => host.Closed, Bounded), "the watch kept the channel open after its stop");
        Assert.Equal(WatchEventKinds.Stopping, host.Events.Last().Kind);
        Assert.True(watch.WaitForExit(Bounded), watch.Output);
        watch.AssertNothingLeftRunning();
    }

    /// <summary>An error the task finds itself (here the server's port taken by another process) ends the watch: the host hears why.</summary>
    [Fact]
    public void AWatchThatCannotStartTellsTheHostItsError()
    {
        using GoProject project = TestServer.Create(nameof(AWatchThatCannotStartTellsTheHostItsError));
        using var host = new ControlChannelHost();
        var foreign = new TcpListener(IPAddress.Loopback, 0);
        foreign.Start();
        try
        {
            int port = ((IPEndPoint)foreign.LocalEndpoint).Port;
            using WatchSession watch = WatchSession.StartWith(project, host.Environment(), $"-p:KickstartServerUrl=http://127.0.0.1:{port}");
            host.Accept(Bounded, () => watch.Output);

            WatchEvent failed = host.WaitFor(WatchEventKinds.Failed, () => watch.Output);
            string error = Assert.Single(failed.Errors!);
            Assert.StartsWith(project.ProjectPath + " : error KS2030: ", error, StringComparison.Ordinal);
            Assert.Contains($"port {port}", error);
            Assert.True(Poll.Until(() => host.Closed, Bounded), "the channel stayed open after the watch failed");
            Assert.Equal(new[] { WatchEventKinds.Hello, WatchEventKinds.Failed }, host.Events.Select(e => e.Kind));
            Assert.True(watch.WaitForExit(Bounded), watch.Output);
            Assert.NotEqual(0, watch.ExitCode);
        }
        finally
        {
            foreign.Stop();
        }
    }

    /// <summary>A host that is not there (or a malformed address) is a warning: the watch runs as it would on its own.</summary>
    [Theory]
    [InlineData("unreachable", "KS2060")]
    [InlineData("malformed", "KS2061")]
    public void AHostThatCannotBeReachedIsAWarningAndTheWatchGoesOn(string how, string code)
    {
        using GoProject project = TestServer.Create(nameof(AHostThatCannotBeReachedIsAWarningAndTheWatchGoesOn) + "-" + how);
        string endpoint = how == "malformed" ? "example.com:80" : "127.0.0.1:" + ClosedPort();
        var environment = new System.Collections.Generic.Dictionary<string, string?>
        {
            [WatchControlContract.EndpointVariable] = endpoint,
            [WatchControlContract.TokenVariable] = "token",
        };
        using WatchSession watch = WatchSession.StartWith(project, environment);

        watch.WaitUntilServing("message=v1", Bounded);
        string warning = watch.WaitForLine(l => l.Contains("warning " + code), what: "the " + code + " warning");
        Assert.Contains(endpoint, warning);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
