using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// The dev proxy's settings and its life under `dotnet build -t:Watch`: whom it answers, what it refuses to start
/// with, and what happens when it is killed while the watch runs. Real watch, real proxy, real Go server.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class DevProxyWatchTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);
    // "At once": the report of a killed proxy must not wait for the next change (there is none in these tests).
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);
    private const string FirstPage = "<h1 id=\"message\">v1</h1>";

    private static WatchSession StartServingThroughProxy(GoProject project, params string[] arguments)
    {
        WatchSession watch = WatchSession.StartWithProxy(project, arguments);
        watch.WaitForLine(l => l.Contains("(live reload)"), what: "the first serving line");
        return watch;
    }

    /// <summary>A watch that must refuse to start: it ends by itself (on the code before the fix it ran until the timeout).</summary>
    private static CommandResult WatchThatMustNotStart(GoProject project, params string[] arguments) =>
        Dotnet.Run(project.Directory, new[] { "build", project.ProjectPath, "-t:Watch", "-nologo" }.Concat(arguments), project.Environment(),
            timeout: TimeSpan.FromSeconds(90));

    [Fact]
    public void ServerUrlOnTheProxyPortIsKS2021()
    {
        using GoProject project = ProxyTestServer.Create(nameof(ServerUrlOnTheProxyPortIsKS2021));
        int port = FreePort.Find();

        CommandResult result = WatchThatMustNotStart(project, $"-p:KickstartServerUrl=http://127.0.0.1:{port}", $"-p:KickstartProxyUrl=http://localhost:{port}");

        Assert.False(result.Succeeded, result.ToString());
        string error = Assert.Single(result.Lines.Where(l => l.Contains("error KS2021")).Distinct());
        Assert.Contains($"http://127.0.0.1:{port}", error);
        Assert.Contains("KickstartServerUrl", error);
        Assert.False(result.HasStackTrace, result.ToString());
        Assert.True(Http.PortIsFree(port), "the proxy's port is still taken");
    }

    [Fact]
    public void BadAllowedHostIsKS2022()
    {
        using GoProject project = ProxyTestServer.Create(nameof(BadAllowedHostIsKS2022));

        CommandResult result = WatchThatMustNotStart(project, $"-p:KickstartProxyUrl=http://127.0.0.1:{FreePort.Find()}",
            "-p:KickstartProxyAllowedHosts=\"dev.example.test;http://evil.example:8080\"");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(result.Lines, l => l.Contains("error KS2022") && l.Contains("'http://evil.example:8080'"));
        Assert.False(result.HasStackTrace, result.ToString());
    }

    [Fact]
    public void ProxyAnswersItsOwnNamesAndTheAllowedHostsOnly()
    {
        using GoProject project = ProxyTestServer.Create(nameof(ProxyAnswersItsOwnNamesAndTheAllowedHostsOnly));
        using WatchSession watch = StartServingThroughProxy(project, "-p:KickstartProxyAllowedHosts=dev.example.test");
        int port = new Uri(watch.ProxyUrl!).Port;

        foreach (string host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", $"dev.example.test:{port}" })
        {
            (HttpStatusCode status, string body) = Get(watch.ProxyUrl!, host);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(FirstPage, body);
        }
        foreach (string path in new[] { "", "_kickstart/events", "api" })
        {
            (HttpStatusCode status, string body) = Get(watch.ProxyUrl! + path, $"evil.example:{port}", origin: "http://evil.example");
            Assert.Equal(HttpStatusCode.MisdirectedRequest, status);
            Assert.Contains("KickstartProxyAllowedHosts", body);
            Assert.DoesNotContain("v1", body);
        }
        (HttpStatusCode crossOrigin, _) = Get(watch.ProxyUrl! + "_kickstart/events", null, origin: "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, crossOrigin);
    }

    [Fact]
    public void NonLoopbackProxyAddressIsWarnedAbout()
    {
        using GoProject project = TestServer.Create(nameof(NonLoopbackProxyAddressIsWarnedAbout));
        int port = FreePort.Find();
        // Bound on every interface, but only ever asked over loopback: no traffic leaves the machine.
        using WatchSession watch = WatchSession.Start(project, $"-p:KickstartProxyUrl=http://0.0.0.0:{port}");

        string warning = watch.WaitForLine(l => l.Contains("warning KS2020"), what: "the KS2020 warning");
        Assert.Contains($"http://0.0.0.0:{port}", warning);
        watch.WaitForLine(l => l.Contains("(live reload)"), what: "the first serving line");
        // The host of KickstartProxyUrl is one of the proxy's names.
        (HttpStatusCode status, string body) = Get($"http://127.0.0.1:{port}/", $"0.0.0.0:{port}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("message=v1", body);
    }

    [Fact]
    public void ZeroHoldTimeoutMeansNoHold()
    {
        using GoProject project = ProxyTestServer.Create(nameof(ZeroHoldTimeoutMeansNoHold));
        using WatchSession watch = StartServingThroughProxy(project, "-p:KickstartProxyHoldTimeoutMilliseconds=0");

        Assert.DoesNotContain(watch.Lines, l => l.Contains("KS2010"));
        Assert.Contains(FirstPage, Get(watch.ProxyUrl!, null).Body);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("soon")]
    public void BadHoldTimeoutIsKS1006NamingIt(string value)
    {
        using GoProject project = ProxyTestServer.Create(nameof(BadHoldTimeoutIsKS1006NamingIt));

        CommandResult result = WatchThatMustNotStart(project, $"-p:KickstartProxyUrl=http://127.0.0.1:{FreePort.Find()}",
            $"-p:KickstartProxyHoldTimeoutMilliseconds={value}");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(result.Lines, l => l.Contains("error KS1006") && l.Contains("KickstartProxyHoldTimeoutMilliseconds") && l.Contains($"'{value}'"));
        Assert.DoesNotContain(result.Lines, l => l.Contains("KS2010"));
    }

    [Fact]
    public async System.Threading.Tasks.Task KilledProxyIsReportedOnceAtOnceAndStartedAgain()
    {
        using GoProject project = ProxyTestServer.Create(nameof(KilledProxyIsReportedOnceAtOnceAndStartedAgain));
        using WatchSession watch = StartServingThroughProxy(project);
        int killed = ProxyPid(watch);

        ProcessTable.Signal(killed, ProcessTable.SIGKILL);

        string report = watch.WaitForLine(l => l.Contains("warning KS2023"), Promptly, "the KS2023 report, without any change");
        Assert.Contains("SIGKILL", report);
        watch.WaitForLine(l => l.Contains("the dev proxy is back on " + watch.ProxyUrl!.TrimEnd('/')), Bounded, "the restarted proxy");
        Assert.NotEqual(killed, ProxyPid(watch));
        Assert.True(Http.WaitForBody(watch.ProxyUrl!, b => b.Contains(FirstPage), Bounded), watch.Output);

        // The new proxy is the watch's channel to the pages: it is told about a failed build and a fixed one.
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var events = new StreamReader(await client.GetStreamAsync(watch.ProxyUrl + "_kickstart/events").WaitAsync(Bounded));
        project.Write("main.go", ProxyTestServer.Main.Replace("const message = \"v1\"", "const message = v1 + oops"));
        Assert.Equal("event: errors", await ReadLineStartingWithAsync(events, "event:"));
        project.Write("main.go", ProxyTestServer.WithMessage("v2"));
        Assert.True(Http.WaitForBody(watch.ProxyUrl!, b => b.Contains("<h1 id=\"message\">v2</h1>"), Bounded), watch.Output);

        Assert.Equal(1, watch.Count(l => l.Contains("KS2023")));
        Assert.DoesNotContain(watch.Lines, l => l.Contains("KS2024") || l.Contains("dev proxy is gone"));
    }

    [Fact]
    public void ProxyThatCannotBeStartedAgainIsReportedOnceAndTheServerIsStillServed()
    {
        using GoProject project = ProxyTestServer.Create(nameof(ProxyThatCannotBeStartedAgainIsReportedOnceAndTheServerIsStillServed));
        // A copy of the package's proxy the test can take away, so the restart fails the same way every time.
        string packaged = Evaluation.Properties(project, new[] { "KickstartDevProxyAssembly" })["KickstartDevProxyAssembly"].Replace('\\', '/');
        string copy = Path.Combine(project.Directory, "proxy-copy");
        CopyDirectory(Path.GetDirectoryName(Path.GetFullPath(packaged))!, copy);
        string assembly = Path.Combine(copy, Path.GetFileName(packaged));
        using WatchSession watch = StartServingThroughProxy(project, $"-p:KickstartDevProxyAssembly={assembly}");

        File.Delete(assembly);
        ProcessTable.Signal(ProxyPid(watch), ProcessTable.SIGKILL);

        watch.WaitForLine(l => l.Contains("warning KS2023"), Promptly, "the KS2023 report");
        string failed = watch.WaitForLine(l => l.Contains("warning KS2024"), Bounded, "the KS2024 report");
        Assert.Contains(watch.Url.TrimEnd('/'), failed);
        Assert.True(Http.WaitForBody(watch.Url, b => b.Contains(FirstPage), Bounded), watch.Output);
        project.Write("main.go", ProxyTestServer.WithMessage("v2"));
        Assert.True(Http.WaitForBody(watch.Url, b => b.Contains("<h1 id=\"message\">v2</h1>"), Bounded), watch.Output);

        Assert.Equal(1, watch.Count(l => l.Contains("KS2023")));
        Assert.Equal(1, watch.Count(l => l.Contains("KS2024")));
        Assert.Null(ProxyPidOrNull(watch));
    }

    [Fact]
    public void CtrlCIsNotTakenForAProxyThatDied()
    {
        using GoProject project = ProxyTestServer.Create(nameof(CtrlCIsNotTakenForAProxyThatDied));
        using WatchSession watch = StartServingThroughProxy(project);

        // As in a terminal: SIGINT to the whole process group, the proxy included.
        watch.PressCtrlC();

        Assert.True(watch.WaitForExit(Bounded), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.DoesNotContain(watch.Lines, l => l.Contains("KS2023") || l.Contains("KS2024") || l.Contains("dev proxy is back"));
    }

    // ------------------------------------------------------------------ helpers

    private static int ProxyPid(WatchSession watch)
    {
        int? pid = null;
        Assert.True(Poll.Until(() => (pid = ProxyPidOrNull(watch)) is not null, Bounded), $"no dev proxy runs in the watch's session\n{watch.Output}");
        return pid!.Value;
    }

    /// <summary>The dev proxy of the watch's session (the one whose command line runs Kickstart.DevProxy.dll).</summary>
    private static int? ProxyPidOrNull(WatchSession watch)
    {
        foreach ((int pid, _) in ProcessTable.LiveInSession(watch.Pid))
        {
            string commandLine;
            try { commandLine = File.ReadAllText($"/proc/{pid}/cmdline"); }
            catch (IOException) { continue; }
            // "dotnet …/Kickstart.DevProxy.dll --listen …" (not the build, whose -p: arguments may name the dll too).
            if (commandLine.Split('\0').Any(a => !a.StartsWith('-') && Path.GetFileName(a) == "Kickstart.DevProxy.dll"))
                return pid;
        }
        return null;
    }

    private static (HttpStatusCode Status, string Body) Get(string url, string? host, string? origin = null)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null)
            request.Headers.Host = host;
        if (origin is not null)
            request.Headers.TryAddWithoutValidation("Origin", origin);
        // Headers only: an allowed event stream never ends.
        using HttpResponseMessage response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        string body = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? ""
            : response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return (response.StatusCode, body);
    }

    private static async System.Threading.Tasks.Task<string> ReadLineStartingWithAsync(StreamReader reader, string prefix)
    {
        using var timeout = new CancellationTokenSource(Bounded);
        while (true)
        {
            string? line = await reader.ReadLineAsync(timeout.Token);
            Assert.NotNull(line);
            if (line!.StartsWith(prefix, StringComparison.Ordinal))
                return line;
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(directory.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to));
    }
}
