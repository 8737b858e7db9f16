using System;
using System.Text.RegularExpressions;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>Each status line is read back by its own pattern: the wording and the pattern that tests and benchmarks use cannot drift apart.</summary>
public sealed class WatchStatusLinesTests
{
    private static readonly TimeSpan Built = TimeSpan.FromMilliseconds(812.4);
    private static readonly TimeSpan Restarted = TimeSpan.FromMilliseconds(31.6);

    private static GroupCollection Read(string pattern, string line)
    {
        Match m = Regex.Match(line, pattern);
        Assert.True(m.Success, $"'{pattern}' does not read '{line}'");
        return m.Groups;
    }

    [Fact]
    public void ARebuildsPhasesFollowItsTimeAndEveryPatternStillReadsTheLine()
    {
        string phases = WatchStatusLines.Phases(("evaluate", TimeSpan.Zero), ("targets", TimeSpan.FromMilliseconds(4.2)), ("go build", TimeSpan.FromMilliseconds(231)));
        string restarted = WatchStatusLines.Restarted("1 file changed (main.go)", Built, Restarted, WatchStatusLines.ServingAfterTheSave(TimeSpan.FromMilliseconds(900)), phases);

        Assert.Equal("kickstart: 1 file changed (main.go) → built 812 ms (evaluate 0 ms · targets 4 ms · go build 231 ms) → restarted 32 ms → serving 900 ms after the save", restarted);
        GroupCollection g = Read(WatchStatusLines.ReloadedPattern, restarted);
        Assert.Equal(new[] { "812", "32", "900" }, new[] { g[1].Value, g[2].Value, g[3].Value });
        Assert.Equal("32", Read(WatchStatusLines.RestartedPattern, restarted)[2].Value);
        GroupCollection p = Read(WatchStatusLines.RebuildPhasesPattern, restarted);
        Assert.Equal(new[] { "0", "4", "231" }, new[] { p[1].Value, p[2].Value, p[3].Value });

        string unchanged = WatchStatusLines.BinaryUnchanged("1 file changed (a.go)", Built, phases);
        Assert.Equal("812", Read(WatchStatusLines.BinaryUnchangedPattern, unchanged)[1].Value);
        Assert.Equal("231", Read(WatchStatusLines.RebuildPhasesPattern, unchanged)[3].Value);
        string failed = WatchStatusLines.BuildFailed("1 file changed (a.go)", Built, stillServing: true, phases);
        Assert.Equal("still serving the last good build", Read(WatchStatusLines.BuildFailedPattern, failed)[2].Value);
        string started = WatchStatusLines.Started(Built, Restarted, "", phases);
        Assert.Equal("32", Read(WatchStatusLines.StartedPattern, started)[2].Value);
        // Phases of others (the quiet window, the swap) fit the same list.
        Assert.Matches(WatchStatusLines.RebuildPhasesPattern, WatchStatusLines.Phases(("evaluate", Built), ("targets", Built), ("go build", Built), ("swap", Built)));
        Assert.Equal("", WatchStatusLines.Phases());
    }

    [Fact]
    public void TheReloadLineReadsBackItsThreeTimes()
    {
        string line = WatchStatusLines.Restarted("1 file changed (main.go)", Built, Restarted, WatchStatusLines.ServingAfterTheSave(TimeSpan.FromMilliseconds(900)));

        Assert.Equal("kickstart: 1 file changed (main.go) → built 812 ms → restarted 32 ms → serving 900 ms after the save", line);
        GroupCollection g = Read(WatchStatusLines.ReloadedPattern, line);
        Assert.Equal(new[] { "812", "32", "900" }, new[] { g[1].Value, g[2].Value, g[3].Value });
        Assert.Equal("1 file", Read(WatchStatusLines.ChangesPattern, line)[1].Value);
    }

    [Fact]
    public void TheFirstStartLineReadsBackItsTimesAndAddress()
    {
        string line = WatchStatusLines.Started(Built, Restarted, WatchStatusLines.ServingAt("http://127.0.0.1:8080", liveReload: true));

        Assert.Equal("kickstart: built 812 ms → started 32 ms → serving at http://127.0.0.1:8080 (live reload)", line);
        Assert.Equal("812", Read(WatchStatusLines.StartedPattern, line)[1].Value);
        Assert.Equal("http://127.0.0.1:8080", Read(WatchStatusLines.ServingAtPattern, line)[1].Value);
    }

    [Fact]
    public void TheOtherLinesReadBack()
    {
        Assert.Equal("inotify", Read(WatchStatusLines.WatchingRootsPattern, WatchStatusLines.WatchingRoots(".", "inotify", Built))[2].Value);
        Assert.Equal("web.proj", Read(WatchStatusLines.WatchingProjectPattern, WatchStatusLines.WatchingProject("web.proj", keyboard: true))[1].Value);
        Assert.Equal("still serving the last good build",
            Read(WatchStatusLines.BuildFailedPattern, WatchStatusLines.BuildFailed("1 file changed (a.go)", Built, stillServing: true))[2].Value);
        Assert.Equal("waiting for a fix", Read(WatchStatusLines.BuildFailedPattern, WatchStatusLines.BuildFailed("1 file changed (a.go)", Built, stillServing: false))[2].Value);
        Assert.Equal("812", Read(WatchStatusLines.BinaryUnchangedPattern, WatchStatusLines.BinaryUnchanged("1 file changed (a.go)", Built))[1].Value);
        Assert.Equal("32", Read(WatchStatusLines.RestartedByHandPattern, WatchStatusLines.RestartedByHand(Restarted))[1].Value);
        Assert.Equal("Terminate", Read(WatchStatusLines.KilledAfterStopTimeoutPattern, WatchStatusLines.KilledAfterStopTimeout(Built, "Terminate"))[2].Value);
        Assert.Equal("KS2004", Read(WatchStatusLines.WarningPattern, WatchStatusLines.Warning("KS2004", "not ready"))[1].Value);
        Assert.Equal("4242", Read(WatchStatusLines.LeftoverStoppedPattern,
            WatchStatusLines.LeftoverStopped("the server an earlier watch left running (process group 4242, port 8080: PID 4243 server)"))[2].Value);
        Assert.Equal("PORT", Read(WatchStatusLines.SettingsNeedANewWatchPattern, WatchStatusLines.SettingsNeedANewWatch("PORT"))[1].Value);
    }

    [Fact]
    public void TheMemoryLineReadsBackPerRebuild()
    {
        string line = WatchStatusLines.MemoryPerRebuild(rebuilds: 10, growthBytes: -20480);

        Assert.Equal("kickstart: 10 rebuild(s); managed memory shrank 2.0 KB per rebuild", line);
        GroupCollection g = Read(WatchStatusLines.MemoryPerRebuildPattern, line);
        Assert.Equal(new[] { "10", "shrank", "2.0" }, new[] { g[1].Value, g[2].Value, g[3].Value });
    }

    [Theory]
    [InlineData(false, false, "kickstart: stopped")]
    [InlineData(true, false, "kickstart: stopped (forced: the server's process tree was killed)")]
    [InlineData(true, true, "kickstart: stopped (forced: the server's process tree was killed); the last build had failed (its errors are above)")]
    public void TheStopLine(bool forced, bool lastBuildFailed, string expected)
    {
        string line = WatchStatusLines.Stopped(forced, lastBuildFailed);

        Assert.Equal(expected, line);
        Read(WatchStatusLines.StoppedPattern, line);
    }
}
