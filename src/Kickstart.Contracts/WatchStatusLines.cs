using System;
using System.Globalization;

namespace Kickstart.Contracts;

/// <summary>
/// Every line the watch prints about its own state, worded once, each beside the pattern that reads it back (the
/// end-to-end tests and the benchmark parse these lines; they link this file instead of re-typing the wording).
/// </summary>
/// <remarks>
/// The patterns are plain strings, not <c>Regex</c> fields: a static Regex would be built (and compiled) the first time
/// the watch says anything, on the path from start to first response, for the benefit of readers only.
/// Times are whole milliseconds, invariant culture.
/// </remarks>
internal static class WatchStatusLines
{
    public const string Prefix = "kickstart: ";

    // ------------------------------------------------------------------ watching

    /// <summary>The first line: what is watched and how to stop (and, with a keyboard, restart).</summary>
    public static string WatchingProject(string project, bool keyboard) =>
        Prefix + "watching " + project + " — press Ctrl+C to stop" + (keyboard ? ", Ctrl+R to restart the server" : "");

    public const string WatchingProjectPattern = @"kickstart: watching (.*) — press Ctrl\+C to stop";

    /// <summary>The change source is set up (again, when the roots changed).</summary>
    public static string WatchingRoots(string roots, string source, TimeSpan setUp) =>
        Prefix + "watching " + roots + " with " + source + " (set up in " + Ms(setUp) + ")";

    /// <summary>Groups: 1 the roots, 2 the source's name, 3 the set-up time in ms.</summary>
    public const string WatchingRootsPattern = @"kickstart: watching (.*) with (\S+) \(set up in (\d+) ms\)";

    /// <summary>What a batch of changes is called in the lines below (ChangeSummary's wording: "1 file changed (main.go)").</summary>
    public const string ChangesPattern = @"kickstart: (\d+ files?|many files) changed";

    public static string SettingsNeedANewWatch(string names) =>
        Prefix + names + " changed in the project: the watch's own settings take effect when it starts again (Ctrl+C, then the same command); build settings apply now.";

    public const string SettingsNeedANewWatchPattern = @"kickstart: (.*) changed in the project: the watch's own settings take effect";

    // ------------------------------------------------------------------ builds

    public const string FirstBuildFailed = Prefix + "the build failed; fix the errors above and save — Kickstart rebuilds by itself.";

    public static string BuildFailed(string summary, TimeSpan duration, bool stillServing, string phases = "") =>
        Prefix + summary + " → build failed after " + Ms(duration) + phases + " — " + (stillServing ? "still serving the last good build." : "waiting for a fix.");

    /// <summary>Groups: 1 the build's time in ms, 2 "still serving the last good build" or "waiting for a fix".</summary>
    public const string BuildFailedPattern = @"build failed after (\d+) ms" + PhasesOptional + @" — (still serving the last good build|waiting for a fix)\.";

    public const string NoBinary = Prefix + "the build returned no binary; nothing to run.";

    /// <summary>A detail (-v:n): the build of a save was cut short by more changes of the same burst, which it is built with.</summary>
    public static string BuildSuperseded(string summary, TimeSpan after) =>
        Prefix + summary + " → build superseded after " + Ms(after) + " by more changes of the same save; building them together";

    public const string BuildSupersededPattern = @"→ build superseded after (\d+) ms by more changes of the same save";

    public static string BinaryUnchanged(string summary, TimeSpan duration, string phases = "") =>
        Prefix + summary + " → built " + Ms(duration) + phases + " → binary unchanged, server not restarted";

    public const string BinaryUnchangedPattern = @"built (\d+) ms" + PhasesOptional + @" → binary unchanged, server not restarted";

    /// <summary>
    /// A build's phases, after its time: <c> (evaluate 0 ms · targets 4 ms · go build 231 ms)</c>. Any list of named
    /// phases, in order; none gives the empty string.
    /// </summary>
    public static string Phases(params (string Name, TimeSpan Took)[] phases) =>
        phases.Length == 0 ? "" : " (" + string.Join(" · ", Array.ConvertAll(phases, p => p.Name + " " + Ms(p.Took))) + ")";

    /// <summary>The phases of a rebuild's line, read from anywhere in it. Groups: 1 evaluate, 2 targets, 3 go build, in ms.</summary>
    public const string RebuildPhasesPattern = @"\(evaluate (\d+) ms · targets (\d+) ms · go build (\d+) ms\b[^)]*\)";

    // Where the other patterns let the phases be without counting them among their groups.
    private const string PhasesOptional = @"(?: \([^)]*\))?";

    /// <summary>Nothing of a batch goes into this server's binary (another service's package, a test file); said at
    /// normal verbosity (-v:n), since the watch of the service it belongs to says what it does about it.</summary>
    public static string NotPartOfTheBuild(string summary) => Prefix + summary + " → not part of this server's build, nothing to do";

    public const string NotPartOfTheBuildPattern = @"kickstart: (.*) → not part of this server's build, nothing to do";

    /// <summary>The server's package graph was listed (go list -deps, off the reload's path); said at normal verbosity.</summary>
    public static string PackagesListed(int packages, TimeSpan took) =>
        Prefix + "the server's build holds " + packages.ToString(CultureInfo.InvariantCulture) + " package(s) besides the standard library (go list -deps, " + Ms(took) + ")";

    /// <summary>Groups: 1 the packages, 2 the listing's time in ms.</summary>
    public const string PackagesListedPattern = @"kickstart: the server's build holds (\d+) package\(s\) besides the standard library \(go list -deps, (\d+) ms\)";

    // ------------------------------------------------------------------ the server

    /// <summary>The first build's server is up. <paramref name="serving"/> is <see cref="ServingAt"/>, or empty without a URL.</summary>
    public static string Started(TimeSpan built, TimeSpan started, string serving, string phases = "") =>
        Prefix + "built " + Ms(built) + phases + " → started " + Ms(started) + serving;

    /// <summary>Groups: 1 the build's time, 2 the start's, in ms.</summary>
    public const string StartedPattern = @"kickstart: built (\d+) ms" + PhasesOptional + @" → started (\d+) ms";

    /// <summary>A rebuild's server replaced the last one. <paramref name="serving"/> is <see cref="ServingAfterTheSave"/> or <see cref="ServingAt"/>, or empty.</summary>
    /// <remarks><paramref name="phases"/>: <see cref="Phases"/> of the build, shown after its time.</remarks>
    public static string Restarted(string summary, TimeSpan built, TimeSpan restarted, string serving, string phases = "") =>
        Prefix + summary + " → built " + Ms(built) + phases + " → restarted " + Ms(restarted) + serving;

    /// <summary>Any rebuild's restart line. Groups: 1 the build's time, 2 the restart's, in ms.</summary>
    public const string RestartedPattern = @"built (\d+) ms" + PhasesOptional + @" → restarted (\d+) ms";

    /// <summary>Groups: 1 the build's time, 2 the restart's, 3 save → serving, in ms.</summary>
    public const string ReloadedPattern = @"built (\d+) ms" + PhasesOptional + @" → restarted (\d+) ms → serving (\d+) ms after the save";

    public static string ServingAfterTheSave(TimeSpan sinceTheSave) => " → serving " + Ms(sinceTheSave) + " after the save";

    public static string ServingAt(string address, bool liveReload) => " → serving at " + address + (liveReload ? " (live reload)" : "");

    /// <summary>Group 1: the address.</summary>
    public const string ServingAtPattern = @"→ serving at (\S+)";

    /// <summary>The dev proxy exited and was started again on its address.</summary>
    public static string ProxyBackOn(string address) => Prefix + "the dev proxy is back on " + address + " (live reload)";

    public const string NothingToRestart = Prefix + "nothing to restart yet: the last build failed.";

    public static string RestartedByHand(TimeSpan took) => Prefix + "restarted by hand in " + Ms(took);

    public const string RestartedByHandPattern = @"kickstart: restarted by hand in (\d+) ms";

    public static string CouldNotStart(string binary, string reason) => Prefix + "could not start " + binary + ": " + reason;

    public static string KilledAfterStopTimeout(TimeSpan timeout, string signal) =>
        Prefix + "the server did not stop within " + Ms(timeout) + " of " + signal + "; its process tree was killed.";

    public const string KilledAfterStopTimeoutPattern = @"kickstart: the server did not stop within (\d+) ms of (\S+); its process tree was killed\.";

    // ------------------------------------------------------------------ content edits without a build

    /// <summary>Only files the server reads at start changed: a new server from the same binary, no build.
    /// <paramref name="serving"/> is <see cref="ServingAfterTheSave"/>, or empty.</summary>
    public static string RestartedWithoutBuild(string summary, TimeSpan restarted, string serving) =>
        Prefix + summary + " → no build → restarted " + Ms(restarted) + serving;

    /// <summary>Groups: 1 the restart's time, in ms.</summary>
    public const string RestartedWithoutBuildPattern = @"→ no build → restarted (\d+) ms";

    /// <summary>Groups: 1 the restart's time, 2 save → serving, in ms.</summary>
    public const string ReloadedWithoutBuildPattern = @"→ no build → restarted (\d+) ms → serving (\d+) ms after the save";

    /// <summary>Only static files changed: the open pages were told to reload, <paramref name="sinceTheSave"/> after the save.</summary>
    public static string PagesReloaded(string summary, TimeSpan sinceTheSave) =>
        Prefix + summary + " → no build, no restart → pages reloaded " + Ms(sinceTheSave) + " after the save";

    /// <summary>Groups: 1 save → the pages told, in ms.</summary>
    public const string PagesReloadedPattern = @"→ no build, no restart → pages reloaded (\d+) ms after the save";

    /// <summary>Only stylesheets changed: the open pages were told to swap them in place, <paramref name="sinceTheSave"/> after the save.</summary>
    public static string StylesheetsSwapped(string summary, TimeSpan sinceTheSave) =>
        Prefix + summary + " → no build, no restart → stylesheets swapped in open pages " + Ms(sinceTheSave) + " after the save";

    /// <summary>Groups: 1 save → the pages told, in ms.</summary>
    public const string StylesheetsSwappedPattern = @"→ no build, no restart → stylesheets swapped in open pages (\d+) ms after the save";

    /// <summary>Only static files changed, and no dev proxy runs to reload the pages.</summary>
    public static string NothingToReloadWithoutProxy(string summary) => Prefix + summary + " → no build, no restart needed";

    public const string NothingToReloadWithoutProxyPattern = @"→ no build, no restart needed$";

    /// <summary>Said once, after the first <see cref="NothingToReloadWithoutProxy"/>.</summary>
    public const string ReloadPagesByHand = Prefix
        + "the server serves these files from disk as they are: reload open pages by hand to see them (with KickstartProxyUrl set, the dev proxy reloads them, and swaps stylesheets in place).";

    // ------------------------------------------------------------------ the debugger (KickstartDebug)

    /// <summary>The first server under Delve runs: where to attach, and that every reload needs an attach again.</summary>
    public static string DebuggerListening(string address) =>
        Prefix + "debugger (Delve) at " + address + " — attach there; after every reload attach again (same address, breakpoints kept)";

    /// <summary>A reload's server under Delve runs, with the breakpoints carried over: the editor must attach again.</summary>
    public static string DebuggerRestarted(string address, int breakpoints) =>
        Prefix + "debugger (Delve) at " + address + " — new process, attach again (" + breakpoints.ToString(CultureInfo.InvariantCulture)
        + (breakpoints == 1 ? " breakpoint" : " breakpoints") + " carried over)";

    /// <summary>Group 1: the address.</summary>
    public const string DebuggerPattern = @"kickstart: debugger \(Delve\) at (\S+) — ";

    // ------------------------------------------------------------------ what an earlier watch left running

    /// <summary><paramref name="group"/>: the process group and, when recorded, ", port N".</summary>
    public static string LeftoverUnverifiable(string group) =>
        Prefix + "an earlier watch's server may still be running as process group " + group + "; "
        + "Kickstart cannot tell on this system whether those processes are its own, so it leaves them alone.";

    /// <summary><paramref name="what"/>: "the server an earlier watch left running (process group …)".</summary>
    public static string LeftoverStopped(string what) => Prefix + "stopped " + what + ".";

    public static string LeftoverKilled(string what) => Prefix + "killed " + what + ".";

    public static string LeftoverNotStopped(string what) => Prefix + "could not stop " + what + ".";

    public const string LeftoverStoppedPattern = @"kickstart: (stopped|killed|could not stop) the server an earlier watch left running \(process group (\d+)";

    // ------------------------------------------------------------------ a host's control channel (WatchControlContract)

    /// <summary>What a rebuild the host asked for (its Rebuild command) is called in the build's lines, where a save's changes are.</summary>
    public const string RebuildAskedByHost = "rebuild asked for by the host";

    /// <summary>A detail (-v:n), said once: the host does not read its channel fast enough, and events waiting for it were dropped.</summary>
    public const string HostChannelBehind = Prefix + "the host's control channel is not keeping up: the oldest events waiting for it are dropped (the watch goes on)";

    // ------------------------------------------------------------------ the end

    /// <summary>The memory report, printed at the end of a watch that rebuilt more than a handful of times.</summary>
    public static string MemoryPerRebuild(int rebuilds, long growthBytes) =>
        Prefix + rebuilds.ToString(CultureInfo.InvariantCulture) + " rebuild(s); managed memory " + (growthBytes >= 0 ? "grew" : "shrank") + " "
        + (Math.Abs(growthBytes) / 1024.0 / rebuilds).ToString("0.0", CultureInfo.InvariantCulture) + " KB per rebuild";

    /// <summary>Groups: 1 the rebuilds, 2 "grew" or "shrank", 3 KB per rebuild.</summary>
    public const string MemoryPerRebuildPattern = @"kickstart: (\d+) rebuild\(s\); managed memory (grew|shrank) ([\d.]+) KB per rebuild";

    /// <summary>The last line of a stop the user asked for.</summary>
    public static string Stopped(bool forced, bool lastBuildFailed) =>
        Prefix + "stopped" + (forced ? " (forced: the server's process tree was killed)" : "") + (lastBuildFailed ? "; the last build had failed (its errors are above)" : "");

    public const string StoppedPattern = @"kickstart: stopped( \(forced[^)]*\))?(; the last build had failed.*)?$";

    /// <summary>A warning said live (the terminal logger shows MSBuild warnings only when the build ends).</summary>
    public static string Warning(string code, string message) => Prefix + "warning " + code + ": " + message;

    public const string WarningPattern = @"kickstart: warning (KS\d{4}): (.*)";

    /// <summary>Whole milliseconds: "12 ms".</summary>
    public static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
