using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Kickstart.Build.Tasks.Session;
using Kickstart.Contracts;
using Kickstart.TestSupport;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>
/// The loop's ways past a build (issue 9, item 6), with fakes around it (<see cref="LoopHarness"/>): a template the
/// server reads at start restarts it without a build, a static file reloads the pages, a stylesheet is swapped. The
/// end-to-end tests (ContentEditTests) run the same with real builds, servers and a real browser.
/// </summary>
public sealed class ContentEditLoopTests
{
    private static readonly IReadOnlyDictionary<string, string> Content = new Dictionary<string, string>
    {
        ["views/page.gohtml"] = "restart",
        ["static/site.css"] = "reload",
        ["static/app.js"] = "reload",
    };

    private static LoopHarness Harness(ReloadShortcuts shortcuts, bool proxy = true)
    {
        var harness = new LoopHarness(content: Content, shortcuts: shortcuts);
        if (proxy)
            harness.Browser.Address = new Uri("http://127.0.0.1:5098/");
        return harness;
    }

    [Fact]
    public void ATemplateEditRestartsTheServerWithoutABuild()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All);
        watch.StartAndWaitForTheServer();

        watch.Save("views/page.gohtml");
        string line = watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.RestartedWithoutBuildPattern), "the restart-without-build line");

        Assert.Equal("kickstart: 1 file changed (views/page.gohtml) → no build → restarted 5 ms → serving 5 ms after the save", line);
        Assert.Equal(new[] { 1 }, watch.Builder.Builds);
        Assert.Equal(2, watch.Starter.Servers.Count);
        // Behind the proxy the swap is blue/green: the old server is stopped in the background, after the line.
        Assert.True(Poll.Until(() => watch.Starter.Servers[0].Stops == 1, Deadlines.Condition), "the old server was never stopped");
        // The same staged binary, started again.
        Assert.Equal(watch.Starter.Servers[0].Info.FileName, watch.Starter.Servers[1].Info.FileName);
    }

    [Fact]
    public void WithTheShortcutOffATemplateEditBuildsAndRestarts()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All with { RestartWithoutBuild = false });
        watch.StartAndWaitForTheServer();

        watch.Save("views/page.gohtml");
        string line = watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.RestartedPattern), "the build's restart line");

        Assert.Equal("kickstart: 1 file changed (views/page.gohtml) → built 40 ms → restarted 5 ms → serving 5 ms after the save", line);
        Assert.Equal(new[] { 1, 2 }, watch.Builder.Builds);
    }

    [Fact]
    public void AfterAFailedBuildATemplateEditBuilds()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All);
        watch.Builder.Outcome = i => i == 2 ? null : "server v1";
        watch.StartAndWaitForTheServer();
        watch.Save("main.go");
        watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.BuildFailedPattern), "the build-failed line");

        // The template edit must build: a restart alone would leave the Go error unbuilt and clear the page's overlay.
        watch.Save("views/page.gohtml");
        watch.Engine.WaitForLine(l => l.Contains("(views/page.gohtml)") && Regex.IsMatch(l, WatchStatusLines.RestartedPattern), "the build's restart line");

        Assert.Equal(new[] { 1, 2, 3 }, watch.Builder.Builds);
        Assert.DoesNotContain(watch.Engine.Lines, l => Regex.IsMatch(l, WatchStatusLines.RestartedWithoutBuildPattern));
    }

    [Fact]
    public void AScriptEditReloadsThePagesWithoutABuildOrARestart()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All);
        watch.StartAndWaitForTheServer();

        watch.Save("static/app.js");
        string line = watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.PagesReloadedPattern), "the reload line");

        Assert.Equal("kickstart: 1 file changed (static/app.js) → no build, no restart → pages reloaded 5 ms after the save", line);
        Assert.Equal(new[] { 1 }, watch.Builder.Builds);
        Assert.Single(watch.Starter.Servers);
        Assert.Equal("reload pages: static/app.js", watch.Browser.Calls.Last());
    }

    [Fact]
    public void AStylesheetEditSwapsItInThePages()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All);
        watch.StartAndWaitForTheServer();

        watch.Save("static/site.css");
        string line = watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.StylesheetsSwappedPattern), "the swap line");

        Assert.Equal("kickstart: 1 file changed (static/site.css) → no build, no restart → stylesheets swapped in open pages 5 ms after the save", line);
        Assert.Equal(new[] { 1 }, watch.Builder.Builds);
        Assert.Single(watch.Starter.Servers);
        Assert.Equal("swap stylesheets: static/site.css", watch.Browser.Calls.Last());
    }

    [Fact]
    public void WithTheSwapOffAStylesheetEditReloadsThePages()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All with { SwapStylesheets = false });
        watch.StartAndWaitForTheServer();

        watch.Save("static/site.css");
        watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.PagesReloadedPattern), "the reload line");

        Assert.Equal("reload pages: static/site.css", watch.Browser.Calls.Last());
        Assert.Equal(new[] { 1 }, watch.Builder.Builds);
    }

    [Fact]
    public void WithTheReloadShortcutOffAStaticEditBuildsAsBefore()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All with { ReloadWithoutBuild = false });
        watch.StartAndWaitForTheServer();

        watch.Save("static/app.js");
        watch.Engine.WaitForLine(l => l.Contains("(static/app.js)") && Regex.IsMatch(l, WatchStatusLines.BinaryUnchangedPattern), "the build's line");

        Assert.Equal(new[] { 1, 2 }, watch.Builder.Builds);
        Assert.Single(watch.Starter.Servers);
    }

    [Fact]
    public void WithoutAProxyAStaticEditNeedsNothingAndSaysOnceThatPagesReloadByHand()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All, proxy: false);
        watch.StartAndWaitForTheServer();

        watch.Save("static/app.js");
        watch.Engine.WaitForLine(l => l.Contains("(static/app.js)") && Regex.IsMatch(l, WatchStatusLines.NothingToReloadWithoutProxyPattern), "the first line");
        watch.Save("static/site.css");
        watch.Engine.WaitForLine(l => l.Contains("(static/site.css)") && Regex.IsMatch(l, WatchStatusLines.NothingToReloadWithoutProxyPattern), "the second line");

        Assert.Single(watch.Engine.Lines, l => l == WatchStatusLines.ReloadPagesByHand);
        Assert.Equal(new[] { 1 }, watch.Builder.Builds);
        Assert.Single(watch.Starter.Servers);
        Assert.DoesNotContain(watch.Browser.Calls, c => c.StartsWith("reload pages", StringComparison.Ordinal) || c.StartsWith("swap", StringComparison.Ordinal));
    }

    [Fact]
    public void AGoEditWithATemplateEditBuilds()
    {
        using LoopHarness watch = Harness(ReloadShortcuts.All);
        watch.Builder.Outcome = i => "server v" + i;
        watch.Builder.Hold(2);
        watch.StartAndWaitForTheServer();

        watch.Save("main.go");
        watch.Builder.WaitUntilStarted(2);
        watch.Save("views/page.gohtml");
        watch.Save("a.go");
        watch.Builder.Release(2);
        watch.Engine.WaitForLine(l => l.Contains("2 files changed") && Regex.IsMatch(l, WatchStatusLines.RestartedPattern), "the second build's line");

        Assert.Equal(new[] { 1, 2, 3 }, watch.Builder.Builds);
    }
}
