using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Proxy;
using Kickstart.Build.Tasks.Rebuilding;
using Kickstart.Build.Tasks.Supervision;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// The watch loop: build, start the server, then for every burst of changes rebuild and — only when the build
/// succeeded and the binary really changed — swap the running server for the new one.
/// </summary>
/// <remarks>
/// Everything runs on the task's own thread (MSBuild's engine callbacks belong there), and waits block on tasks:
/// batches of changes, a manual restart, cancellation. The server's output arrives on its own threads and goes straight
/// to <see cref="LiveOutput"/>. Nothing here knows how files are watched or how processes are signalled.
/// </remarks>
internal sealed class WatchLoop : IDisposable
{
    private static readonly TimeSpan ExitReportGrace = TimeSpan.FromMilliseconds(300);
    private readonly WatchOptions _options;
    private readonly IterationBuilder _builder;
    private readonly LiveOutput _output;
    private readonly Action<KsDiagnostic, object?[]> _warn;
    private readonly CancellationToken _cancellation;
    private readonly SemaphoreSlim _manualRestart = new(0, 1);
    private readonly object _serverGate = new();
    private IChangeSource? _source;
    private ChangeBatcher? _batcher;
    private volatile WatchSet? _watchSet;
    private IReadOnlyList<string> _roots = Array.Empty<string>();
    private ServerProcess? _server;
    private StagedBinary? _staged;
    private int _iteration;
    private long _firstChangeTimestamp;
    private long _memoryAtFirstBuild;
    private bool _stopping;
    private IReadOnlyDictionary<string, string>? _settingsAtStart;
    private WatchSet? _provisionalSet;
    private IReadOnlyList<string>? _itemGlobNames;
    private readonly HashSet<string> _settingsReported = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _lastBuildFailed;
    private int _stopReported;
    private volatile bool _forced;

    private readonly NodeSharing _node;
    private readonly IBrowserChannel _browser;

    public WatchLoop(WatchOptions options, IterationBuilder builder, LiveOutput output, Action<KsDiagnostic, object?[]> warn, NodeSharing node,
        IBrowserChannel browser, CancellationToken cancellation)
    {
        _node = node;
        _browser = browser;
        _options = options;
        _builder = builder;
        _output = output;
        _warn = warn;
        _cancellation = cancellation;
        // The proxy's own troubles (it exited, it could not be started again) are said when they happen, as warnings.
        _browser.Problem += Warn;
    }

    /// <summary>Asks for the server to be restarted by hand (Ctrl+R), without a rebuild.</summary>
    public void RequestManualRestart()
    {
        if (_manualRestart.CurrentCount == 0)
            _manualRestart.Release();
    }

    /// <summary>The last resort when the process is going away under the loop: a graceful stop, bounded, then the tree killed.</summary>
    public void StopServerOnExit()
    {
        ServerProcess? server;
        lock (_serverGate)
        {
            server = _server;
            _stopping = true;
        }
        if (server is null)
            return;
        try
        {
            server.StopAsync(_options.ServerStopSignal, _options.StopTimeout).Wait(_options.StopTimeout + TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
        }
        server.KillTreeNow();
    }

    /// <summary>A forced stop (a second Ctrl+C): the server's process tree is killed now, no graceful stop waited for.</summary>
    public void KillServerNow()
    {
        _forced = true;
        ServerProcess? server;
        lock (_serverGate)
            server = _server;
        server?.KillTreeNow();
    }

    /// <summary>
    /// The last line of a stop the user asked for, said once whichever path gets there first (the loop's end, or the
    /// process exit that the .NET CLI makes of SIGTERM).
    /// </summary>
    /// <param name="processExiting">Said from the process exit, when MSBuild's loggers take no more events.</param>
    public void ReportStopped(bool processExiting = false)
    {
        if (Interlocked.Exchange(ref _stopReported, 1) != 0)
            return;
        string detail = _forced ? " (forced: the server's process tree was killed)" : "";
        if (_lastBuildFailed)
            detail += "; the last build had failed (its errors are above)";
        if (processExiting)
            _output.WriteLineToConsoleOnExit("kickstart: stopped" + detail);
        else
            Say("kickstart: stopped" + detail);
    }

    public void Run()
    {
        Say($"kickstart: watching {Relative(_options.ProjectFile)} — press Ctrl+C to stop" + (KeyboardAvailable ? ", Ctrl+R to restart the server" : ""));
        // Watching starts before the first build, so a save made while it runs is not missed.
        // Until the first evaluation says what to watch, every file of the project counts.
        _iteration = 1;
        _provisionalSet = WatchSetFactory.BeforeFirstEvaluation(_options.ProjectDirectory, _options.ExcludedDirectories);
        UpdateWatchSet(_provisionalSet);
        TryDelete(_options.BuildErrorsFile);
        IterationResult first = _builder.CollectAndBuild(_iteration, withSettings: true);
        _settingsAtStart = first.WatchSettings;
        _itemGlobNames = first.ItemGlobNames ?? _itemGlobNames;
        UpdateWatchSet(first.WatchItems);
        if (_cancellation.IsCancellationRequested)
            return; // stopped during the build: whatever it was cut short by is no error
        if (first.Succeeded)
        {
            Swap(first, summary: null);
        }
        else
        {
            ReportBuildErrors();
            Say("kickstart: the build failed; fix the errors above and save — Kickstart rebuilds by itself.");
        }
        // The baseline of the memory report, taken once the server is up (a full collection costs time).
        _memoryAtFirstBuild = GC.GetTotalMemory(forceFullCollection: true);

        // Both waits outlive a loop turn: an abandoned wait on the semaphore would swallow the next Ctrl+R.
        Task<IReadOnlyList<FileChange>>? pendingBatch = null;
        Task? pendingManual = null;
        while (!_cancellation.IsCancellationRequested)
        {
            pendingBatch ??= _batcher!.WaitForBatchAsync(_cancellation);
            pendingManual ??= _manualRestart.WaitAsync(_cancellation);
            try
            {
                // While it waits, the task gives its MSBuild node back: other projects' watches (a solution of
                // services) build and run on the same node.
                using (_node.Yield())
                    Task.WaitAny(new[] { pendingBatch, pendingManual }, _cancellation);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (_cancellation.IsCancellationRequested)
                break;

            if (pendingManual.Status == TaskStatus.RanToCompletion)
            {
                pendingManual = null;
                RestartByHand();
            }
            if (!pendingBatch.IsCompleted)
                continue;

            IReadOnlyList<FileChange> batch = pendingBatch.GetAwaiter().GetResult();
            pendingBatch = null;
            // Changes were let in by the watch set of their moment (before the first evaluation: everything); only
            // those the project's current set cares about count.
            // A file the project never listed that is gone again by now was an editor's temporary file (sed -i, a
            // JetBrains ___jb_tmp___ in an embedded directory): nothing to build for it.
            WatchSet watched = _watchSet!;
            batch = batch.Where(c => c.Kind == FileChangeKind.Overflow
                || (watched.IsRelevant(c.Path) && (watched.IsListed(c.Path) || System.IO.File.Exists(c.Path) || System.IO.Directory.Exists(c.Path))))
                .ToList();
            bool projectChanged = batch.Any(c => c.Kind == FileChangeKind.Overflow || watched.IsProjectFile(c.Path));
            if (batch.Count == 0)
                continue;
            long firstChange = Interlocked.Exchange(ref _firstChangeTimestamp, 0);
            string summary = ChangeSummary.Describe(batch, _options.ProjectDirectory);
            if (projectChanged)
                _builder.ForgetProjectFiles();
            IterationResult result = BuildIteration(withSettings: projectChanged);
            if (_cancellation.IsCancellationRequested)
                break; // stopped during the build (Ctrl+C reaches go too): a build cut short is no error
            SayWhichSettingsNeedANewWatch(result.WatchSettings);
            // A template the server parsed at start (or a config file it read) is only read again by a new server;
            // the set before the build knows the files changed or deleted, the one after it the files created.
            WatchSet now = _watchSet!;
            bool restartAnyway = batch.Any(c => watched.NeedsRestart(c.Path) || now.NeedsRestart(c.Path));
            if (!result.Succeeded)
            {
                ReportBuildErrors();
                Say($"kickstart: {summary} → build failed after {Ms(result.Duration)} — " +
                    (ServerRunning ? "still serving the last good build." : "waiting for a fix."));
                continue;
            }
            _lastBuildFailed = false;
            Swap(result, summary, firstChange, restartAnyway);
            if (_options.MaxIterations > 0 && _iteration > _options.MaxIterations)
                break;
        }
    }

    private bool KeyboardAvailable => ConsoleKeys.Available;

    private bool ServerRunning
    {
        get { lock (_serverGate) return _server is { HasExited: false }; }
    }

    private IterationResult BuildIteration(bool withSettings)
    {
        _iteration++;
        TryDelete(_options.BuildErrorsFile);
        IterationResult result = _builder.CollectAndBuild(_iteration, withSettings);
        _itemGlobNames = result.ItemGlobNames ?? _itemGlobNames;
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
        Say($"kickstart: {string.Join(", ", changed)} changed in the project: the watch's own settings take effect when it starts again (Ctrl+C, then the same command); build settings apply now.");
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
        _source?.Dispose();
        _batcher ??= new ChangeBatcher(_options.QuietWindow, path => _watchSet?.IsRelevant(path) ?? false);
        _roots = set.Roots;
        bool polling = _options.UsePolling || ChangeSourceFactory.PollingRequestedByEnvironment();
        IChangeSource source = ChangeSourceFactory.Create(polling, _options.PollingInterval);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            source.Start(set.Roots, set.IsExcludedDirectory, OnChange);
        }
        catch (WatchLimitReachedException e)
        {
            source.Dispose();
            Warn(KsDiagnostic.PollingFallback, e.Message, (int)_options.PollingInterval.TotalMilliseconds);
            source = ChangeSourceFactory.Create(usePolling: true, _options.PollingInterval);
            source.Start(set.Roots, set.IsExcludedDirectory, OnChange);
        }
        _source = source;
        Say($"kickstart: watching {string.Join(", ", set.Roots.Select(Relative))} with {source.Name} (set up in {Ms(stopwatch.Elapsed)})");
    }

    private void OnChange(FileChange change)
    {
        // Before the first evaluation every file counts (nothing is missed), but only a change the project's own set
        // lets in starts the clock of "serving … after the save".
        WatchSet? set = _watchSet;
        if (change.Kind == FileChangeKind.Overflow || (set is not null && !ReferenceEquals(set, _provisionalSet) && set.IsRelevant(change.Path)))
            Interlocked.CompareExchange(ref _firstChangeTimestamp, Stopwatch.GetTimestamp(), 0);
        _batcher?.Add(change);
    }

    // ------------------------------------------------------------------ the server

    private void Swap(IterationResult result, string? summary, long firstChange = 0, bool restartAnyway = false)
    {
        if (result.Binary is null)
        {
            Say("kickstart: the build returned no binary; nothing to run.");
            return;
        }
        StagedBinary? previous;
        lock (_serverGate)
            previous = _staged;
        _browser.BuildSucceeded();
        if (ServerRunning && previous is not null && previous.HasSameContentAs(result.Binary) && !restartAnyway)
        {
            Say($"kickstart: {summary} → built {Ms(result.Duration)} → binary unchanged, server not restarted");
            // What the server reads from disk may still have changed (a template, a WebAssembly client): pages reload.
            ReleaseHeldRequests();
            return;
        }

        var restart = Stopwatch.StartNew();
        StagedBinary staged = StagedBinary.Stage(result.Binary, _options.StagingDirectory, _iteration);
        _browser.Restarting();
        StopServer();
        previous?.TryDelete();
        ServerProcess? server = StartServer(staged);
        TimeSpan restarted = restart.Elapsed;
        if (server is null)
        {
            ReleaseHeldRequests();
            return;
        }

        string serving = "";
        if (_options.ServerUrl is { } url)
        {
            bool ready = WaitUntilReady(url, server);
            if (_cancellation.IsCancellationRequested)
                return; // stopped while the server came up
            if (!ready)
            {
                ReleaseHeldRequests();
                if (!server.HasExited)
                    Warn(KsDiagnostic.ServerNotReady, url, (int)_options.ReadyTimeout.TotalMilliseconds);
                return;
            }
            _browser.Ready(url.ToString());
            Uri? page = _browser.Address;
            string address = (page ?? url).ToString().TrimEnd('/');
            serving = firstChange != 0
                ? $" → serving {Ms(Stopwatch.GetElapsedTime(firstChange))} after the save"
                : $" → serving at {address}" + (page is null ? "" : " (live reload)");
        }
        Say(summary is null
            ? $"kickstart: built {Ms(result.Duration)} → started {Ms(restarted)}{serving}"
            : $"kickstart: {summary} → built {Ms(result.Duration)} → restarted {Ms(restarted)}{serving}");
    }

    // False when the server is not accepting connections in time — or the watch was stopped meanwhile.
    private bool WaitUntilReady(Uri url, ServerProcess server)
    {
        try
        {
            return ReadinessProbe.WaitUntilAcceptingAsync(url.Host, url.Port, server, _options.ReadyTimeout, _cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    private void RestartByHand()
    {
        StagedBinary? staged;
        lock (_serverGate)
            staged = _staged;
        if (staged is null)
        {
            Say("kickstart: nothing to restart yet: the last build failed.");
            return;
        }
        var stopwatch = Stopwatch.StartNew();
        _browser.Restarting();
        StopServer();
        ServerProcess? server = StartServer(staged);
        if (server is not null)
        {
            Say($"kickstart: restarted by hand in {Ms(stopwatch.Elapsed)}");
            if (_options.ServerUrl is { } url)
                WaitUntilReady(url, server);
        }
        ReleaseHeldRequests();
    }

    private ServerProcess? StartServer(StagedBinary staged)
    {
        var environment = new Dictionary<string, string?>(_options.ServerEnvironment)
        {
            ["KICKSTART_WATCH"] = "1",
            ["KICKSTART_ITERATION"] = _iteration.ToString(CultureInfo.InvariantCulture),
        };
        if (_options.ServerUrl is { } url && !environment.ContainsKey("PORT"))
            environment["PORT"] = url.Port.ToString(CultureInfo.InvariantCulture);

        ServerProcess server;
        try
        {
            server = ServerProcess.Start(new ServerStartInfo
            {
                FileName = staged.Path,
                Arguments = _options.ServerArguments,
                WorkingDirectory = _options.ServerWorkingDirectory,
                Environment = environment,
                Launcher = _options.Launcher,
                RecordDirectory = _options.StagingDirectory,
                Port = _options.ServerUrl?.Port,
            }, line => _output.WriteLine(line.Text));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or System.IO.IOException or InvalidOperationException)
        {
            Say($"kickstart: could not start {staged.Path}: {e.Message}");
            staged.TryDelete();
            return null;
        }

        lock (_serverGate)
        {
            _server = server;
            _staged = staged;
        }
        _ = ReportExitAsync(server);
        return server;
    }

    // A server that stops by itself is reported once; the loop waits for a change (or Ctrl+R) instead of restarting it in a spin.
    private async Task ReportExitAsync(ServerProcess server)
    {
        ServerExit exit = await server.Exited.ConfigureAwait(false);
        // On Windows a console's Ctrl+C reaches the server too (on Unix it has a process group of its own), a moment
        // before the watch stops: give the stop that moment, so a normal Ctrl+C is not reported as a server that
        // stopped by itself.
        try { await Task.Delay(ExitReportGrace, _cancellation).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        lock (_serverGate)
        {
            if (_stopping || !ReferenceEquals(server, _server) || _cancellation.IsCancellationRequested)
                return;
        }
        Warn(KsDiagnostic.ServerExited, exit.Describe());
    }

    private void StopServer()
    {
        ServerProcess? server;
        lock (_serverGate)
        {
            server = _server;
            _stopping = true;
        }
        try
        {
            if (server is null)
                return;
            ServerExit exit = server.StopAsync(_options.ServerStopSignal, _options.StopTimeout).GetAwaiter().GetResult();
            if (exit.KilledAfterTimeout)
                Say($"kickstart: the server did not stop within {Ms(_options.StopTimeout)} of {_options.ServerStopSignal}; its process tree was killed.");
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            lock (_serverGate)
            {
                if (ReferenceEquals(_server, server))
                    _server = null;
                _stopping = false;
            }
        }
    }

    /// <summary>Stops the server gracefully and cleans up; called once when the loop ends for any reason.</summary>
    public void Shutdown()
    {
        _source?.Dispose();
        _source = null;
        StopServer();
        StagedBinary? staged;
        lock (_serverGate)
            staged = _staged;
        staged?.TryDelete();
        TryDelete(_options.BuildErrorsFile);
        // A handful of rebuilds only measures warm-up (JIT, first evaluations); past that the figure means something.
        if (_iteration > 5 && _memoryAtFirstBuild > 0)
        {
            long growth = GC.GetTotalMemory(forceFullCollection: true) - _memoryAtFirstBuild;
            Say($"kickstart: {_iteration - 1} rebuild(s); managed memory {(growth >= 0 ? "grew" : "shrank")} {Math.Abs(growth) / 1024.0 / (_iteration - 1):0.0} KB per rebuild");
        }
    }

    public void Dispose()
    {
        _browser.Problem -= Warn;
        _source?.Dispose();
        _batcher?.Dispose();
        _manualRestart.Dispose();
    }

    // After "restarting" the proxy holds every request until "ready": it must follow on every path, or requests would
    // wait out their whole hold timeout. A server that is not up yet is the proxy's to retry.
    private void ReleaseHeldRequests()
    {
        if (_options.ServerUrl is { } url)
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

    // An MSBuild warning (error lists, binlogs, CI annotations). The terminal logger shows warnings only when the build
    // ends, so there the watch also says it live.
    private void Warn(KsDiagnostic diagnostic, params object?[] args)
    {
        try { _warn(diagnostic, args); }
        catch (InvalidOperationException) { } // the task has already returned
        if (_output.UsesTerminalLogger)
            Say($"kickstart: warning {diagnostic.Code}: {diagnostic.Format(args)}");
    }

    private string RelativeToProject(string path)
    {
        string relative = System.IO.Path.GetRelativePath(_options.ProjectDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    private string Relative(string path) => System.IO.Path.GetRelativePath(Environment.CurrentDirectory, path);

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
