using System;
using System.IO;
using System.Threading.Tasks;
using Kickstart.Sdk.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// The dev proxy as a developer meets it: a real browser on the proxy's URL while `dotnet build -t:Watch` rebuilds the
/// Go server behind it. The page reloads itself, shows build errors in an overlay, and its streams keep working.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class BrowserTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static async Task WaitForTextAsync(IPage page, string selector, string text)
    {
        await page.WaitForFunctionAsync(
            "([selector, text]) => { const e = document.querySelector(selector); return e && e.textContent.includes(text); }",
            new object[] { selector, text }, new PageWaitForFunctionOptions { Timeout = (float)Deadline.TotalMilliseconds });
    }

    /// <summary>`dotnet build -t:Watch` with the dev proxy, once the first build is served.</summary>
    private static WatchSession StartWatchingWithProxy(GoProject project)
    {
        WatchSession watch = WatchSession.StartWithProxy(project);
        watch.WaitForLine(l => l.Contains("(live reload)"), what: "the first serving line");
        return watch;
    }

    private static async Task<IPage> OpenAsync(Browser browser, WatchSession watch)
    {
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(watch.ProxyUrl!);
        return page;
    }

    [Fact]
    public async Task PageReloadsItselfAfterAGoEditAndATemplateEdit()
    {
        using GoProject project = ProxyTestServer.Create(nameof(PageReloadsItselfAfterAGoEditAndATemplateEdit));
        using WatchSession watch = StartWatchingWithProxy(project);
        await using Browser browser = await Browser.LaunchAsync();
        IPage page = await OpenAsync(browser, watch);
        await WaitForTextAsync(page, "#message", "v1");
        await page.EvaluateAsync("() => window.__sameDocument = true");

        project.Write("main.go", ProxyTestServer.WithMessage("v2"));
        await WaitForTextAsync(page, "#message", "v2");
        Assert.Null(await page.EvaluateAsync<bool?>("() => window.__sameDocument"));

        project.Write("page.gohtml", ProxyTestServer.Page.Replace("template-1", "template-2"));
        await WaitForTextAsync(page, "#template", "template-2");
    }

    [Fact]
    public async Task CompileErrorShowsAnOverlayThatTheFixRemoves()
    {
        using GoProject project = ProxyTestServer.Create(nameof(CompileErrorShowsAnOverlayThatTheFixRemoves));
        using WatchSession watch = StartWatchingWithProxy(project);
        await using Browser browser = await Browser.LaunchAsync();
        IPage page = await OpenAsync(browser, watch);
        await WaitForTextAsync(page, "#message", "v1");

        project.Write("main.go", ProxyTestServer.Main.Replace("const message = \"v1\"", "const message = v1 + <b>oops</b>"));
        await WaitForTextAsync(page, "#kickstart-build-errors", "main.go");
        string overlay = await page.InnerTextAsync("#kickstart-build-errors");
        Assert.Contains("main.go:", overlay);
        // Compiler text is shown as text, never parsed as HTML.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('#kickstart-build-errors b').length"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("overlay.png"), FullPage = true });

        project.Write("main.go", ProxyTestServer.WithMessage("fixed"));
        await WaitForTextAsync(page, "#message", "fixed");
        Assert.Equal(0, await page.Locator("#kickstart-build-errors").CountAsync());
    }

    [Fact]
    public async Task ServerSentEventsAndWebSocketsWorkThroughTheProxy()
    {
        using GoProject project = ProxyTestServer.Create(nameof(ServerSentEventsAndWebSocketsWorkThroughTheProxy));
        using WatchSession watch = StartWatchingWithProxy(project);
        await using Browser browser = await Browser.LaunchAsync();
        IPage page = await OpenAsync(browser, watch);
        await WaitForTextAsync(page, "#ws", "echo: hello");
        await WaitForTextAsync(page, "#sse", "tick 3");
    }

    [Fact]
    public async Task HundredReloadsUnderAContinuousClientFailNoRequest()
    {
        using GoProject project = ProxyTestServer.Create(nameof(HundredReloadsUnderAContinuousClientFailNoRequest));
        using WatchSession watch = StartWatchingWithProxy(project);
        string api = watch.ProxyUrl + "api";
        int requests = 0, failures = 0;
        string? firstFailure = null;
        using var stop = new System.Threading.CancellationTokenSource();
        using var client = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Task hammer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync(api);
                    if (!response.IsSuccessStatusCode)
                        throw new InvalidOperationException($"status {(int)response.StatusCode}");
                }
                catch (Exception e) when (e is System.Net.Http.HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    System.Threading.Interlocked.Increment(ref failures);
                    firstFailure ??= e.Message;
                }
                System.Threading.Interlocked.Increment(ref requests);
            }
        });
        for (int i = 1; i <= 100; i++)
        {
            project.Write("main.go", ProxyTestServer.WithMessage($"r{i}"));
            Assert.True(Http.WaitForBody(api, b => b.Contains($"\"r{i}\""), Deadline), watch.Output);
        }
        stop.Cancel();
        await hammer.WaitAsync(Deadline);
        Assert.True(requests > 200, $"only {requests} requests were sent");
        Assert.True(failures == 0, $"{failures} of {requests} requests failed, the first with: {firstFailure}");
    }

    [Theory]
    [InlineData("Ctrl+C")]
    [InlineData("SIGTERM")]
    public void NoProxyOutlivesTheWatch(string how)
    {
        using GoProject project = ProxyTestServer.Create(nameof(NoProxyOutlivesTheWatch));
        using WatchSession watch = StartWatchingWithProxy(project);
        Assert.Contains("message=", Http.TryGet(watch.ProxyUrl!) is { } body ? "message=" : "");
        if (how == "Ctrl+C") watch.PressCtrlC(); else watch.Signal(ProcessTable.SIGTERM);
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(20)), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.True(Http.PortIsFree(new Uri(watch.ProxyUrl!).Port));
    }

    [Fact]
    public void ProxyPortAlreadyTakenIsKS2009()
    {
        using GoProject project = ProxyTestServer.Create(nameof(ProxyPortAlreadyTakenIsKS2009));
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            CommandResult result = project.Build("-t:Watch", $"-p:KickstartProxyUrl=http://127.0.0.1:{port}");
            Assert.False(result.Succeeded);
            Assert.Contains(result.Lines, l => l.Contains("error KS2009") && l.Contains(port.ToString()));
            Assert.False(result.HasStackTrace, result.ToString());
        }
        finally
        {
            taken.Stop();
        }
    }
}
