using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Proxy;
using Kickstart.Build.Tasks.Rebuilding;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Contracts;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// The watch loop: build, start the server, then for every burst of changes rebuild and — only when the build
/// succeeded and the binary really changed — have the supervisor swap the running server for the new one.
/// </summary>
/// <remarks>
/// The loop only wires events to decisions: change batches, manual restarts (Ctrl+R) and cancellation come in; build
/// requests (<see cref="IIterationBuilder"/>) and server calls (<see cref="IServerSupervisor"/>) go out. What a change
/// source is, how a server is started, probed and stopped, all lives behind those interfaces.
/// Everything runs on the task's own thread (MSBuild's engine callbacks belong there), and waits block on tasks:
/// batches of changes, a manual restart, cancellation. The server's output arrives on its own threads and goes straight
/// to <see cref="LiveOutput"/>.
/// A Ctrl+R pressed while a build runs is answered once the build is done: by the swap's restart when the build
/// restarts the server anyway, by a restart by hand otherwise (the build failed, or the binary is unchanged).
/// A host that runs the watch (<see cref="IWatchHost"/>) hears of each moment a status line marks, and its commands
/// are Ctrl+R's restart and a full rebuild (<see cref="RequestRebuild"/>), both answered between builds.
/// </remarks>
internal sealed class WatchLoop : IDisposable
{
    private readonly WatchOptions _options;
    private readonly IIterationBuilder _builder;
    private readonly IChangeSourceFactory _changeSources;
    private readonly IServerSupervisor _server;
    private readonly IBrowserChannel _browser;
    private readonly IClock _clock;
    private readonly LiveOutput _output;
    private readonly NodeSharing _node;
    private readonly CancellationToken _cancellation;
    private readonly ServerBuildScope _scope;
    private readonly SemaphoreSlim _manualRestart = new(0, 1);
    private readonly SemaphoreSlim _hostRebuild = new(0, 1);
    private readonly IWatchHost _host;
    private IChangeSource? _source;
    private ChangeBatcher? _batcher;
    private volatile WatchSet? _watchSet;
    private IReadOnlyList<string> _roots = Array.Empty<string>();
    private int _iteration;
    private long _firstChangeTimestamp;
    private long _memoryAtFirstBuild;
    private IReadOnlyDictionary<string, string>? _settingsAtStart;
    private WatchSet? _provisionalSet;
    private IReadOnlyList<string>? _itemGlobNames;
    private readonly HashSet<string> _settingsReported = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _lastBuildFailed;
    private bool _saidPagesNeedReloadingByHand;
    private int _stopReported;
    // Done once the host has the stop's event: a process exit that finds the other path reporting waits for it.
    private readonly TaskCompletionSource _hostToldStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _forced;

    public WatchLoop(WatchOptions options, IIterationBuilder builder, IChangeSourceFactory changeSources, IServerSupervisor server,
        IBrowserChannel browser, IClock clock, LiveOutput output, NodeSharing node, CancellationToken cancellation,
        ServerBuildScope? scope = null, IWatchHost? host = null)
    {
        _options = options;
        _builder = builder;
        _changeSources = changeSources;
        _server = server;
        _browser = browser;
        _clock = clock;
        _output = output;
        _node = node;
        _cancellation = cancellation;
        _scope = scope ?? ServerBuildScope.Everything;
        _host = host ?? NoWatchHost.Instance;
        _server.ServerExited += _host.ServerExited;
        // The proxy's own troubles (it exited, it could not be started again) are said when they happen, as warnings.
        _browser.Problem += _output.Warn;
    }

    /// <summary>Asks for the server to be restarted by hand (Ctrl+R), without a rebuild.</summary>
    public void RequestManualRestart()
    {
        if (_manualRestart.CurrentCount == 0)
            _manualRestart.Release();
    }

    /// <summary>
    /// Asks for a full rebuild (a host's Rebuild command): the project evaluated anew, built and swapped in, as a change
    /// of the project file does. Asked during a build, it follows that build.
    /// </summary>
    public void RequestRebuild()
    {
        if (_hostRebuild.CurrentCount == 0)
            _hostRebuild.Release();
    }

    /// <summary>The last resort when the process is going away under the loop: a graceful stop, bounded, then the tree killed.</summary>
    public void StopServerOnExit() => _server.StopOnExit();

    /// <summary>A forced stop (a second Ctrl+C): the server's process tree is killed now, no graceful stop waited for.</summary>
    public void KillServerNow()
    {
        _forced = true;
        _server.KillNow();
    }

    /// <summary>
    /// The last line of a stop the user asked for, said once whichever path gets there first (the loop's end, or the
    /// process exit that the .NET CLI makes of SIGTERM).
    /// </summary>
    /// <param name="processExiting">Said from the process exit, when MSBuild's loggers take no more events.</param>
    public void ReportStopped(bool processExiting = false)
    {
        if (Interlocked.Exchange(ref _stopReported, 1) != 0)
        {
            // The loop's end is reporting on another thread; once this exit handler returns the process is gone, so
            // it waits (bounded) for the host to have the event.
            if (processExiting)
                _hostToldStopped.Task.Wait(StopReportWait);
            return;
        }
        string line = WatchStatusLines.Stopped(_forced, _lastBuildFailed);
        // The host first: a line to MSBuild's loggers can be slow while the process exits, and the host must not miss the stop.
        try
        {
            _host.Stopping(line);
        }
        finally
        {
            _hostToldStopped.TrySetResult();
        }
        if (processExiting)
            _output.WriteLineToConsoleOnExit(line);
        else
            Say(line);
    }

    /// <summary>How long a process exit waits for the other path's stop event: the channel's flush, and some.</summary>
    private static readonly TimeSpan StopReportWait = HostChannel.FlushTimeout + TimeSpan.FromSeconds(1);

    public void Run()
    {
        Say(WatchStatusLines.WatchingProject(Relative(_options.ProjectFile), KeyboardAvailable));
        // Watching starts before the first build, so a save made while it runs is not missed.
        // Until the first evaluation says what to watch, every file of the project counts.
        // Setting it up walks the whole tree, and so does the evaluation (its default items): on a large module each
        // takes a good part of the start, so they run side by side. The evaluation only lists names; the targets, which
        // read the files (embeds, go build), wait for the watch. A file created in a directory the evaluation's walk has
        // passed but the watch has not reached yet is then built (go reads the directories itself) but no item until the
        // next evaluation: it still counts by its name (a .go file, a content pattern), and its next save takes the full
        // path.
        _iteration = 1;
        _provisionalSet = WatchSetFactory.BeforeFirstEvaluation(_options.ProjectDirectory, _options.ExcludedDirectories);
        Task watching = Task.Run(() => UpdateWatchSet(_provisionalSet));
        TryDelete(_options.BuildErrorsFile);
        _host.Listen(RequestManualRestart, RequestRebuild);
        _host.Building(null);
        IterationResult first;
        try
        {
            first = _builder.CollectAndBuild(_iteration, withSettings: true, beforeTargets: () => watching.GetAwaiter().GetResult());
        }
        finally
        {
            // However the evaluation ended (an error in the project, a stop): the watch is up before anything else.
            watching.GetAwaiter().GetResult();
        }
        _settingsAtStart = first.WatchSettings;
        _itemGlobNames = first.ItemGlobNames ?? _itemGlobNames;
        UpdateWatchSet(first.WatchItems);
        if (_cancellation.IsCancellationRequested)
            return; // stopped during the build: whatever it was cut short by is no error
        if (first.Succeeded)
        {
            // A Ctrl+R during the first build is answered by this start.
            if (Swap(first, summary: null))
                _manualRestart.Wait(0);
        }
        else
        {
            ReportBuildErrors();
            Say(WatchStatusLines.FirstBuildFailed);
            _host.BuildFailed(WatchStatusLines.FirstBuildFailed, first.Errors, stillServing: false);
        }
        // The server's packages (go list -deps, in the background) once it runs: the listing is for the next change,
        // and on two cores it would slow the server's start.
        _scope.AfterBuild(evaluatedAnew: true);
        // The baseline of the memory report, taken once the server is up (a full collection costs time).
        _memoryAtFirstBuild = GC.GetTotalMemory(forceFullCollection: true);

        // Both waits outlive a loop turn: an abandoned wait on the semaphore would swallow the next Ctrl+R.
        Task<IReadOnlyList<FileChange>>? pendingBatch = null;
        Task? pendingManual = null;
        Task? pendingRebuild = null;
        while (!_cancellation.IsCancellationRequested)
        {
            pendingBatch ??= _batcher!.WaitForBatchAsync(_cancellation);
            // Without a token the wait is the semaphore's own task, completed inside Release: a Ctrl+R pressed during
            // a build is seen as soon as the build is done (WaitAny below is what cancellation ends).
            pendingManual ??= _manualRestart.WaitAsync();
            pendingRebuild ??= _hostRebuild.WaitAsync();
            try
            {
                // While it waits, the task gives its MSBuild node back: other projects' watches (a solution of
                // services) build and run on the same node.
                using (_node.Yield())
                    Task.WaitAny(new[] { pendingBatch, pendingManual, pendingRebuild }, _cancellation);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (_cancellation.IsCancellationRequested)
                break;

            Turn turn = Turn.Waited;
            if (pendingBatch.IsCompleted)
            {
                IReadOnlyList<FileChange> batch = pendingBatch.GetAwaiter().GetResult();
                pendingBatch = null;
                turn = Rebuild(batch);
                if (turn == Turn.Stop)
                    break;
            }
            // The host's Rebuild, asked now or during the build just done: the whole project, as if every file had changed.
            if (pendingRebuild.Status == TaskStatus.RanToCompletion)
            {
                pendingRebuild = null;
                Turn rebuilt = RebuildEverything();
                if (rebuilt == Turn.Stop)
                    break;
                if (turn != Turn.Restarted)
                    turn = rebuilt;
            }
            // A Ctrl+R during the build: the swap's restart is the one asked for; without one, restart now.
            if (pendingManual.Status == TaskStatus.RanToCompletion)
            {
                pendingManual = null;
                if (turn != Turn.Restarted)
                    RestartByHand();
            }
        }
    }

    /// <summary>What a turn of the loop did with a batch of changes.</summary>
    private enum Turn { Waited, Built, Restarted, Stop }

    // As a watcher's overflow does (one change for the whole project: evaluate anew, build, swap), named as the host's.
    private Turn RebuildEverything() =>
        Rebuild(new[] { new FileChange(_options.ProjectDirectory, FileChangeKind.Overflow) }, WatchStatusLines.RebuildAskedByHost);

    /// <param name="askedFor">What the build's lines call it when no change asked for it (the host's rebuild).</param>
    private Turn Rebuild(IReadOnlyList<FileChange> batch, string? askedFor = null)
    {
        // Changes were let in by the watch set of their moment (before the first evaluation: everything); only
        // those the project's current set cares about count.
        // A file the project never listed that is gone again by now was an editor's temporary file (sed -i, a
        // JetBrains ___jb_tmp___ in an embedded directory): nothing to build for it.
        WatchSet watched = _watchSet!;
        batch = batch.Where(c => c.Kind == FileChangeKind.Overflow
            || (watched.IsRelevant(c.Path) && (watched.IsListed(c.Path) || System.IO.File.Exists(c.Path) || System.IO.Directory.Exists(c.Path))))
            .ToList();
        // After a failed build every batch builds: its errors must be built again, and a restart would clear the overlay.
        ReloadPlan plan = ReloadPlanner.Plan(batch, watched, System.IO.File.Exists, _lastBuildFailed ? ReloadShortcuts.None : _options.Shortcuts);
        if (plan.Action == ReloadAction.Nothing)
            return Turn.Waited;
        // Until a build has said what to watch (the first one failed before it could) no file is known to be the project
        // file or an import: every change reads them again, or a fix of the project file would not be seen.
        bool projectChanged = ReferenceEquals(watched, _provisionalSet)
            || batch.Any(c => c.Kind == FileChangeKind.Overflow || watched.IsProjectFile(c.Path));
        // "Serving … after the save" counts from a save; a rebuild asked for leaves a pending save's clock alone.
        long firstChange = askedFor is null ? Interlocked.Exchange(ref _firstChangeTimestamp, 0) : 0;
        string summary = askedFor ?? ChangeSummary.Describe(batch, _options.ProjectDirectory);
        // Another service's package (a module of several), a test file: this server's build would come out the same.
        if (_scope.LeavesTheBinaryAsItIs(batch, watched, System.IO.File.Exists))
        {
            _output.WriteDetail(WatchStatusLines.NotPartOfTheBuild(summary));
            return Turn.Waited;
        }
        if (plan.Action == ReloadAction.Restart)
            return RestartWithoutBuild(summary, firstChange);
        if (plan.Action is ReloadAction.ReloadPages or ReloadAction.SwapStylesheets)
            return ReloadPagesWithoutBuild(plan, summary, firstChange);
        if (projectChanged)
            _builder.ForgetProjectFiles();
        _scope.BeforeBuild(batch, projectChanged);
        _host.Building(summary);
        // Only a save's build is superseded by the rest of its burst.
        IterationResult result = BuildIteration(withSettings: projectChanged,
            plan.Action == ReloadAction.Build && !projectChanged ? plan.ChangedFiles : null, askedFor is null ? _batcher!.BatchSuperseded : default);
        if (_cancellation.IsCancellationRequested)
            return Turn.Stop; // stopped during the build (Ctrl+C reaches go too): a build cut short is no error
        if (result.Superseded)
            return BuildAgainWithTheRestOfTheBurst(batch, firstChange, result.Duration);
        _scope.AfterBuild(evaluatedAnew: plan.Action == ReloadAction.FullBuild);
        SayWhichSettingsNeedANewWatch(result.WatchSettings);
        // A template the server parsed at start (or a config file it read) is only read again by a new server;
        // the set before the build knows the files changed or deleted, the one after it the files created.
        WatchSet now = _watchSet!;
        bool restartAnyway = plan.RestartEvenIfUnchanged || batch.Any(c => now.NeedsRestart(c.Path));
        if (!result.Succeeded)
        {
            ReportBuildErrors();
            bool stillServing = _server.IsRunning;
            string failed = WatchStatusLines.BuildFailed(summary, result.Duration, stillServing, PhasesOf(result));
            Say(failed);
            _host.BuildFailed(failed, result.Errors, stillServing);
            return Turn.Built;
        }
        _lastBuildFailed = false;
        bool restarted = Swap(result, summary, firstChange, restartAnyway);
        if (_options.MaxIterations > 0 && _iteration > _options.MaxIterations)
            return Turn.Stop;
        return restarted ? Turn.Restarted : Turn.Built;
    }

    // The burst went on while its batch built, and the build was cut short: no failure, nothing to report but a detail.
    // Its changes go back to the batcher, to be built with the rest of the burst (the iteration number with them, so
    // iterations count completed builds), and "serving … after the save" still counts from the burst's first change.
    private Turn BuildAgainWithTheRestOfTheBurst(IReadOnlyList<FileChange> batch, long firstChange, TimeSpan cutAfter)
    {
        _iteration--;
        _batcher!.Requeue(batch);
        if (firstChange != 0)
            Interlocked.Exchange(ref _firstChangeTimestamp, firstChange);
        _output.WriteDetail(WatchStatusLines.BuildSuperseded(ChangeSummary.Describe(batch, _options.ProjectDirectory), cutAfter));
        return Turn.Waited;
    }

    private bool KeyboardAvailable => ConsoleKeys.Available;

    // changedFiles: only those changed, all of them known to the last evaluation (the fast path, ReloadAction.Build).
    private IterationResult BuildIteration(bool withSettings, IReadOnlyList<string>? changedFiles, CancellationToken superseded = default)
    {
        _iteration++;
        TryDelete(_options.BuildErrorsFile);
        IterationResult result = changedFiles is null
            ? _builder.CollectAndBuild(_iteration, withSettings, superseded)
            : _builder.BuildAgain(_iteration, changedFiles, superseded, _watchSet?.References.UntouchedBy(changedFiles));
        _itemGlobNames = result.ItemGlobNames ?? _itemGlobNames;
        if (!result.WatchItemsAsBefore)
            UpdateWatchSet(result.WatchItems);
        return result;
    }

    // The project's build settings apply from the next rebuild on; the watch's own (the server's address, arguments
    // and environment, the proxy, the timeouts: every Kickstart* property) were handed to this task when it started.
    private void SayWhichSettingsNeedANewWatch(IReadOnlyDictionary<string, string>? now)
    {
        if (now is null || _settingsAtStart is not { } atStart)
            return;
        static string Value(IReadOnlyDictionary<string, string> settings, string name) => settings.TryGetValue(name, out string? v) ? v : "";
        // Each new value is said once (a value changed back and forth again is not news).
        var changed = now.Keys.Union(atStart.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(name => Value(now, name) != Value(atStart, name) && _settingsReported.Add(name + "=" + Value(now, name)))
            .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (changed.Count == 0)
            return;
        Say(WatchStatusLines.SettingsNeedANewWatch(string.Join(", ", changed)));
    }

    // ------------------------------------------------------------------ watching

    private void UpdateWatchSet(IReadOnlyList<ITaskItem> items)
    {
        if (items.Count == 0 && _watchSet is not null)
            return; // evaluation failed (e.g. a broken project file): keep watching what we had, so the fix is seen
        UpdateWatchSet(WatchSetFactory.Create(_options.ProjectDirectory, items, _options.ExcludedDirectories, _itemGlobNames));
    }

    private void UpdateWatchSet(WatchSet set)
    {
        _watchSet = set;
        if (_source is null || !set.Roots.SequenceEqual(_roots, StringComparer.Ordinal))
            StartWatching(set);
    }

    private void StartWatching(WatchSet set)
    {
        // Nothing the evaluations list is kept while no source watches (the new one sets up, the old one is gone).
        _builder.WatchedBy(null);
        _source?.Dispose();
        _batcher ??= new ChangeBatcher(_options.QuietWindow, path => _watchSet?.IsRelevant(path) ?? false, _clock);
        _roots = set.Roots;
        bool polling = _options.UsePolling || _changeSources.PollingRequestedByEnvironment();
        IChangeSource source = _changeSources.Create(polling, _options.PollingInterval);
        long started = _clock.Timestamp();
        try
        {
            source.Start(set.Roots, set.IsExcludedDirectory, OnChange);
        }
        catch (WatchLimitReachedException e)
        {
            source.Dispose();
            _output.Warn(Diagnostics.KsDiagnostic.PollingFallback, e.Message, (int)_options.PollingInterval.TotalMilliseconds);
            source = _changeSources.Create(usePolling: true, _options.PollingInterval);
            source.Start(set.Roots, set.IsExcludedDirectory, OnChange);
        }
        _source = source;
        _builder.WatchedBy(source as IWatchedDirectories);
        Say(WatchStatusLines.WatchingRoots(string.Join(", ", set.Roots.Select(Relative)), source.Name, _clock.Since(started)));
    }

    private void OnChange(FileChange change)
    {
        // Before the first evaluation every file counts (nothing is missed), but only a change the project's own set
        // lets in starts the clock of "serving … after the save".
        // First what the evaluations listed goes: the batch this change ends up in may evaluate at once.
        _builder.Changed(change);
        WatchSet? set = _watchSet;
        if (change.Kind == FileChangeKind.Overflow || (set is not null && !ReferenceEquals(set, _provisionalSet) && set.IsRelevant(change.Path)))
            Interlocked.CompareExchange(ref _firstChangeTimestamp, _clock.Timestamp(), 0);
        _batcher?.Add(change);
    }

    // ------------------------------------------------------------------ the server

    // True when the server was restarted (or the restart tried); false when there was nothing to run or nothing to do.
    private bool Swap(IterationResult result, string? summary, long firstChange = 0, bool restartAnyway = false)
    {
        if (result.Binary is null)
        {
            Say(WatchStatusLines.NoBinary);
            _host.BuildFailed(WatchStatusLines.NoBinary, result.Errors, _server.IsRunning);
            return false;
        }
        _browser.BuildSucceeded();
        if (!restartAnyway && _server.RunsSameBinaryAs(result.Binary))
        {
            string unchanged = WatchStatusLines.BinaryUnchanged(summary!, result.Duration, PhasesOf(result));
            Say(unchanged);
            _host.Unchanged(unchanged);
            // What the server reads from disk may still have changed (a template, a WebAssembly client): pages reload.
            ReleaseHeldRequests();
            return false;
        }

        ServerRestart restart = _server.Swap(result.Binary, _iteration);
        if (restart.Outcome is RestartOutcome.Running or RestartOutcome.Ready)
        {
            string serving = restart.Outcome == RestartOutcome.Ready ? Serving(firstChange) : "";
            SayRunning(summary is null
                ? WatchStatusLines.Started(result.Duration, restart.Took, serving, PhasesOf(result))
                : WatchStatusLines.Restarted(summary, result.Duration, restart.Took, serving, PhasesOf(result)));
        }
        return true;
    }

    // Where the new server is served: how long after the save that started it, or (the first start) at which address.
    private string Serving(long firstChange)
    {
        if (firstChange != 0)
            return WatchStatusLines.ServingAfterTheSave(_clock.Since(firstChange));
        Uri? page = _browser.Address;
        string address = (page ?? _options.ServerUrl!).ToString().TrimEnd('/');
        return WatchStatusLines.ServingAt(address, liveReload: page is not null);
    }

    // A server runs: said, and told to the host with the address users open (the proxy's when it runs).
    private void SayRunning(string line)
    {
        Say(line);
        // The server's process is looked up (in /proc) only for a host that is told it.
        if (!ReferenceEquals(_host, NoWatchHost.Instance))
            _host.Running(line, _browser.Address ?? _options.ServerUrl, _server.ServerProcessId);
    }

    private static string PhasesOf(IterationResult result) => result.Phases?.Describe() ?? "";

    // Only files the server reads at start changed: the binary cannot have, so the server restarts from the one it
    // runs (the sequence of Ctrl+R), and no target runs, no go process starts.
    private Turn RestartWithoutBuild(string summary, long firstChange)
    {
        ServerRestart restart = _server.RestartByHand(_iteration);
        if (restart.Outcome is RestartOutcome.Running or RestartOutcome.Ready)
        {
            string serving = restart.Outcome == RestartOutcome.Ready ? Serving(firstChange) : "";
            SayRunning(WatchStatusLines.RestartedWithoutBuild(summary, restart.Took, serving));
        }
        return restart.Outcome == RestartOutcome.NothingToRun ? Turn.Waited : Turn.Restarted;
    }

    // Only files the server serves from disk changed: neither the binary nor the running server's state can have, so
    // the open pages are told (through the proxy) to reload, or to swap the changed stylesheets in place.
    private Turn ReloadPagesWithoutBuild(ReloadPlan plan, string summary, long firstChange)
    {
        bool swap = plan.Action == ReloadAction.SwapStylesheets;
        if (_browser.Address is null)
        {
            Say(WatchStatusLines.NothingToReloadWithoutProxy(summary));
            if (!_saidPagesNeedReloadingByHand)
                Say(WatchStatusLines.ReloadPagesByHand);
            _saidPagesNeedReloadingByHand = true;
            return Turn.Waited;
        }
        var paths = plan.ChangedFiles.Select(RelativeToProject).ToList();
        if (swap)
            _browser.SwapStylesheets(paths);
        else
            _browser.ReloadPages(paths);
        TimeSpan sinceTheSave = firstChange != 0 ? _clock.Since(firstChange) : TimeSpan.Zero;
        Say(swap ? WatchStatusLines.StylesheetsSwapped(summary, sinceTheSave) : WatchStatusLines.PagesReloaded(summary, sinceTheSave));
        return Turn.Waited;
    }

    private void RestartByHand()
    {
        ServerRestart restart = _server.RestartByHand(_iteration);
        if (restart.Outcome is RestartOutcome.Running or RestartOutcome.Ready)
            SayRunning(WatchStatusLines.RestartedByHand(restart.Took));
    }

    /// <summary>Stops the server gracefully and cleans up; called once when the loop ends for any reason.</summary>
    public void Shutdown()
    {
        _source?.Dispose();
        _source = null;
        _server.Shutdown();
        TryDelete(_options.BuildErrorsFile);
        // A handful of rebuilds only measures warm-up (JIT, first evaluations); past that the figure means something.
        if (_iteration > 5 && _memoryAtFirstBuild > 0)
        {
            long growth = GC.GetTotalMemory(forceFullCollection: true) - _memoryAtFirstBuild;
            Say(WatchStatusLines.MemoryPerRebuild(_iteration - 1, growth));
        }
    }

    public void Dispose()
    {
        _browser.Problem -= _output.Warn;
        _server.ServerExited -= _host.ServerExited;
        _source?.Dispose();
        _batcher?.Dispose();
        _manualRestart.Dispose();
        _hostRebuild.Dispose();
    }

    // An unchanged binary still reloads the pages (the proxy reloads them on "ready"); the server's address is the
    // supervisor's, which a blue/green swap moves to a fresh port.
    private void ReleaseHeldRequests()
    {
        if (_server.Url is { } url)
            _browser.Ready(url.ToString());
    }

    // The rebuild's errors were said live already (IterationLogForwarder); the Go ones also go to the page's overlay,
    // from the errors file GoBuild writes during a watch.
    private void ReportBuildErrors()
    {
        List<Building.GoDiagnostic> errors;
        try { errors = Building.DiagnosticsFileWriter.Read(_options.BuildErrorsFile); }
        catch (Exception e) when (e is System.IO.IOException or System.Text.Json.JsonException) { errors = new List<Building.GoDiagnostic>(); }
        _lastBuildFailed = true;
        _browser.BuildFailed(errors.Select(d => d.File is null ? d : d with { File = RelativeToProject(d.File) }).ToList());
    }

    private static void TryDelete(string path)
    {
        try { System.IO.File.Delete(path); }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException) { }
    }

    // ------------------------------------------------------------------ output

    private void Say(string line) => _output.WriteLine(line);

    private string RelativeToProject(string path)
    {
        string relative = System.IO.Path.GetRelativePath(_options.ProjectDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    private string Relative(string path) => System.IO.Path.GetRelativePath(Environment.CurrentDirectory, path);
}
