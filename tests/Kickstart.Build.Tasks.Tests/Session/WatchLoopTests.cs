using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Kickstart.Build.Tasks.Session;
using Kickstart.Build.Tasks.Tests.FileWatching;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>
/// The watch loop's decisions, with fakes around it (<see cref="LoopHarness"/>): no go build, no server process. The
/// end-to-end tests (WatchTests, StopTests…) cover the same paths with real builds and servers.
/// </summary>
public sealed class WatchLoopTests
{
    private static bool IsRestartLine(string line) => Regex.IsMatch(line, WatchStatusLines.RestartedPattern);

    [Fact]
    public void TheWatchIsSetUpWhileTheProjectIsEvaluatedAndTheTargetsWaitForIt()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => "server v" + i;
        // The set-up (a walk of the tree) can only end once the evaluation (another walk) has begun: one after the
        // other, the start would never get past it.
        using var evaluating = new ManualResetEventSlim();
        watch.Changes.SetUpAfter = evaluating;
        watch.Builder.WhileEvaluating = evaluating.Set;
        bool watchingAtTargets = false;
        watch.Builder.AtTargets = () => watchingAtTargets = watch.Changes.Watching;

        watch.StartAndWaitForTheServer();

        // Nothing the targets read (embeds, go build) is read before the watch is up: a save meanwhile is not missed.
        Assert.True(watchingAtTargets);
        watch.Builder.WhileEvaluating = null;
        watch.Save("main.go");
        watch.Engine.WaitForLine(l => l.Contains("(main.go)") && IsRestartLine(l), "the rebuild for main.go");
    }

    [Fact]
    public void AFailedBuildKeepsTheOldServer()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => i == 1 ? "server v1" : null;
        watch.StartAndWaitForTheServer();

        watch.Save("main.go");
        string line = watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.BuildFailedPattern), "the build-failed line");

        Assert.Equal("kickstart: 1 file changed (main.go) → build failed after 40 ms — still serving the last good build.", line);
        FakeServer server = Assert.Single(watch.Starter.Servers);
        Assert.Equal(0, server.Stops);
        Assert.False(server.HasExited);
        Assert.Equal("build failed", watch.Browser.Calls.Last());
    }

    [Fact]
    public void ModifiedKnownFilesAreBuiltOnTheKeptEvaluationAnythingElseIsEvaluatedAnew()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => "server v" + i;
        watch.StartAndWaitForTheServer();

        // main.go is one of the project's files: the fast path, told which files changed.
        watch.Save("main.go");
        watch.Engine.WaitForLine(l => l.Contains("(main.go)") && IsRestartLine(l), "the rebuild for main.go");
        Assert.Equal(new[] { watch.Path("main.go") }, Assert.Single(watch.Builder.FastPathBuilds));

        // A file the project did not list (created since): a full evaluation.
        System.IO.File.WriteAllText(watch.Path("new.go"), "package main\n");
        watch.Save("new.go");
        watch.Engine.WaitForLine(l => l.Contains("(new.go)") && IsRestartLine(l), "the rebuild for new.go");
        Assert.Single(watch.Builder.FastPathBuilds);
        Assert.Equal(new[] { 1, 2, 3 }, watch.Builder.Builds);
    }

    [Fact]
    public void AnUnchangedBinaryDoesNotRestartTheServerAChangedOneDoes()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => i <= 2 ? "server v1" : "server v2";
        watch.StartAndWaitForTheServer();

        watch.Save("main.go");
        string unchanged = watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.BinaryUnchangedPattern), "the unchanged-binary line");
        Assert.Equal("kickstart: 1 file changed (main.go) → built 40 ms → binary unchanged, server not restarted", unchanged);
        FakeServer first = Assert.Single(watch.Starter.Servers);
        Assert.Equal(0, first.Stops);

        watch.Save("a.go");
        string restarted = watch.Engine.WaitForLine(IsRestartLine, "the restart line");
        Assert.Equal("kickstart: 1 file changed (a.go) → built 40 ms → restarted 5 ms → serving 5 ms after the save", restarted);
        Assert.Equal(2, watch.Starter.Servers.Count);
        Assert.Equal(1, first.Stops);
    }

    [Fact]
    public void ChangesDuringABuildQueueExactlyOneMoreBuild()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => "server v" + i;
        watch.Builder.Hold(2);
        watch.StartAndWaitForTheServer();

        watch.Save("main.go");
        watch.Builder.WaitUntilStarted(2);
        // Three saves while build 2 runs …
        watch.Save("b.go");
        watch.Save("c.go");
        watch.Save("d.go");
        watch.Builder.Release(2);
        // … are one more build, which sees all three.
        string third = watch.Engine.WaitForLine(l => l.Contains("3 files changed"), "the third build's line");
        Assert.StartsWith("kickstart: 3 files changed (", third, StringComparison.Ordinal);
        Assert.Contains("→ restarted 5 ms", third);

        // The next save is the next build: nothing else was queued behind the third.
        watch.Save("e.go");
        watch.Engine.WaitForLine(l => l.Contains("1 file changed (e.go)") && IsRestartLine(l), "the fourth build's line");
        Assert.Equal(new[] { 1, 2, 3, 4 }, watch.Builder.Builds);
        Assert.Equal(4, watch.Engine.Lines.Count(l => l.StartsWith("kickstart: built", StringComparison.Ordinal) || IsRestartLine(l)));
    }

    /// <summary>
    /// A save that ends (inotify's close after writing) builds at once; the same burst going on while that build runs
    /// supersedes it: cut short without a word of failure, and built again once with all of the burst's changes.
    /// Real time here (the loop's batcher sleeps on real delays): the second save follows the first well inside the
    /// 2 s quiet window, and the build again waits that window after it.
    /// </summary>
    [Fact]
    public void ABurstGoingOnDuringItsBuildIsBuiltOnceWithAllOfItsChanges()
    {
        using var watch = new LoopHarness(quietWindow: TimeSpan.FromSeconds(2), clock: StopwatchClock.Instance);
        watch.Builder.Outcome = i => "server v" + i;
        watch.Builder.Hold(2);
        watch.Start();
        watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.StartedPattern), "first start");

        watch.Save("main.go", endsSave: true);
        watch.Builder.WaitUntilStarted(2);
        watch.Save("b.go", endsSave: true);
        string restarted = watch.Engine.WaitForLine(IsRestartLine, "the restart line");

        Assert.StartsWith("kickstart: 2 files changed (main.go, b.go) → built", restarted, StringComparison.Ordinal);
        Assert.Equal(new[] { 2 }, watch.Builder.SupersededBuilds);
        Assert.Equal(new[] { 1, 2, 2 }, watch.Builder.Builds); // the superseded build gave its number to the next
        Assert.Equal(2, watch.Starter.Servers.Count);
        Assert.Contains(watch.Engine.Lines, l => Regex.IsMatch(l, WatchStatusLines.BuildSupersededPattern));
        Assert.DoesNotContain(watch.Engine.Lines, l => Regex.IsMatch(l, WatchStatusLines.BuildFailedPattern));
        Assert.DoesNotContain("build failed", watch.Browser.Calls);

        // Nothing else was queued: the next save (a new burst) is the next build, at once.
        watch.Save("e.go", endsSave: true);
        watch.Engine.WaitForLine(l => l.Contains("1 file changed (e.go)") && IsRestartLine(l), "the next build's line");
        Assert.Equal(new[] { 1, 2, 2, 3 }, watch.Builder.Builds);
    }

    /// <summary>A change later than the quiet window after the one before is a new burst: it waits for the build under way.</summary>
    [Fact]
    public void ASaveAfterTheBurstDuringItsBuildIsExactlyOneMoreBuild()
    {
        var clock = new ManualClock();
        using var watch = new LoopHarness(quietWindow: TimeSpan.FromMinutes(10), clock: clock);
        watch.Builder.Outcome = i => "server v" + i;
        watch.Builder.Hold(2);
        watch.Start();
        watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.StartedPattern), "first start");

        watch.Save("main.go", endsSave: true);
        watch.Builder.WaitUntilStarted(2);
        clock.Advance(TimeSpan.FromMinutes(10));
        watch.Save("b.go", endsSave: true);
        watch.Save("c.go", endsSave: true);
        watch.Builder.Release(2);

        watch.Engine.WaitForLine(l => l.Contains("2 files changed (b.go, c.go)") && IsRestartLine(l), "the second build's line");
        Assert.Contains(watch.Engine.Lines, l => l.Contains("1 file changed (main.go)") && IsRestartLine(l));
        Assert.Empty(watch.Builder.SupersededBuilds);
        Assert.Equal(new[] { 1, 2, 3 }, watch.Builder.Builds);
    }

    /// <summary>
    /// The decision: a Ctrl+R during a build that ends in a swap is answered by the swap — the server restarts once,
    /// with the new build, not twice.
    /// </summary>
    [Fact]
    public void CtrlRDuringABuildThatSwapsRestartsTheServerOnce()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => i <= 2 ? "server v" + i : "server v2";
        watch.Builder.Hold(2);
        watch.StartAndWaitForTheServer();

        watch.Save("main.go");
        watch.Builder.WaitUntilStarted(2);
        watch.Loop.RequestManualRestart();
        watch.Builder.Release(2);
        watch.Engine.WaitForLine(l => l.Contains("1 file changed (main.go)") && IsRestartLine(l), "the swap's line");

        // One more turn of the loop, so the Ctrl+R has certainly been dealt with.
        watch.Save("a.go");
        watch.Engine.WaitForLine(l => l.Contains("1 file changed (a.go)") && Regex.IsMatch(l, WatchStatusLines.BinaryUnchangedPattern), "the next build's line");

        Assert.Equal(2, watch.Starter.Servers.Count);
        Assert.DoesNotContain(watch.Engine.Lines, l => Regex.IsMatch(l, WatchStatusLines.RestartedByHandPattern));
    }

    [Fact]
    public void CtrlRDuringTheFirstBuildIsAnsweredByTheFirstStart()
    {
        using var watch = new LoopHarness();
        watch.Builder.Hold(1);
        watch.Start();
        watch.Builder.WaitUntilStarted(1);
        watch.Loop.RequestManualRestart();
        watch.Builder.Release(1);
        watch.WaitForTheFirstStart();

        watch.Save("a.go");
        watch.Engine.WaitForLine(l => l.Contains("1 file changed (a.go)") && Regex.IsMatch(l, WatchStatusLines.BinaryUnchangedPattern), "the next build's line");

        Assert.Single(watch.Starter.Servers);
        Assert.DoesNotContain(watch.Engine.Lines, l => Regex.IsMatch(l, WatchStatusLines.RestartedByHandPattern));
    }

    /// <summary>The other half of the decision: when the build does not restart the server, the Ctrl+R does, after the build.</summary>
    [Fact]
    public void CtrlRDuringAFailedBuildRestartsByHandOnceTheBuildIsDone()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => i == 1 ? "server v1" : null;
        watch.Builder.Hold(2);
        watch.StartAndWaitForTheServer();

        watch.Save("main.go");
        watch.Builder.WaitUntilStarted(2);
        watch.Loop.RequestManualRestart();
        watch.Builder.Release(2);
        string byHand = watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.RestartedByHandPattern), "the manual restart's line");

        Assert.Equal("kickstart: restarted by hand in 5 ms", byHand);
        var lines = watch.Engine.Lines.ToList();
        Assert.True(lines.FindIndex(l => Regex.IsMatch(l, WatchStatusLines.BuildFailedPattern)) < lines.IndexOf(byHand), string.Join("\n", lines));
        Assert.Equal(2, watch.Starter.Servers.Count);
        Assert.Equal(1, watch.Starter.Servers[0].Stops);
        // The same binary, staged once, is started again.
        Assert.Equal(watch.Starter.Servers[0].Info.FileName, watch.Starter.Servers[1].Info.FileName);
    }

    [Fact]
    public void ACrashIsReportedOnceAndTheServerIsNotRestartedUntilAChange()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => "server v" + i;
        watch.StartAndWaitForTheServer();

        watch.Starter.Servers[0].Crash();
        watch.Engine.WaitForWarning("KS2003");

        watch.Save("main.go");
        watch.Engine.WaitForLine(l => l.Contains("(main.go)") && IsRestartLine(l), "the restart after the change");
        Assert.Equal(2, watch.Starter.Servers.Count); // one start for the change, none in a spin before it
        // The swap's stop of the second server and the shutdown's of the third are the watch's own: no reports.
        watch.Save("a.go");
        watch.Engine.WaitForLine(l => l.Contains("(a.go)") && IsRestartLine(l), "the next restart");
        watch.Stop();

        Assert.Equal(new[] { "KS2003" }, watch.Engine.Warnings);
        Assert.Equal(3, watch.Starter.Servers.Count);
        Assert.All(watch.Starter.Servers, s => Assert.True(s.HasExited));
    }

    [Fact]
    public void TheStopLineSaysTheLastBuildHadFailed()
    {
        using var watch = new LoopHarness();
        watch.Builder.Outcome = i => i == 1 ? "server v1" : null;
        watch.StartAndWaitForTheServer();
        watch.Save("main.go");
        watch.Engine.WaitForLine(l => Regex.IsMatch(l, WatchStatusLines.BuildFailedPattern), "the build-failed line");

        watch.Stop();
        watch.Loop.ReportStopped();
        watch.Loop.ReportStopped(); // said once, whichever path gets there first

        Assert.Single(watch.Engine.Lines, l => l.StartsWith("kickstart: stopped", StringComparison.Ordinal));
        Assert.Contains(WatchStatusLines.Stopped(forced: false, lastBuildFailed: true), watch.Engine.Lines);
        Assert.Equal(1, watch.Starter.Servers[0].Stops);
    }
}
