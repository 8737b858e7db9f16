using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Proxy;
using Kickstart.Build.Tasks.Rebuilding;
using Kickstart.Build.Tasks.Session;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Contracts;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using TaskLoggingHelper = Microsoft.Build.Utilities.TaskLoggingHelper;

namespace Kickstart.Build.Tasks.Tests.Session;

// Fakes for the watch loop's and the supervisor's decisions: no processes, no sockets, no MSBuild builds. Every wait
// on them has a deadline; none of them sleeps.

internal static class Within
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
}

/// <summary>An MSBuild engine that keeps what the task logs: the lines the watch says and its warnings.</summary>
internal sealed class RecordingEngine : IBuildEngine
{
    private readonly object _gate = new();
    private readonly List<string> _lines = new();
    private readonly List<string> _warnings = new();

    public IReadOnlyList<string> Lines { get { lock (_gate) return _lines.ToList(); } }

    /// <summary>The warnings' codes, in order.</summary>
    public IReadOnlyList<string> Warnings { get { lock (_gate) return _warnings.ToList(); } }

    public string WaitForLine(Func<string, bool> match, string what)
    {
        lock (_gate)
        {
            DateTime deadline = DateTime.UtcNow + Within.Deadline;
            while (true)
            {
                string? line = _lines.FirstOrDefault(match);
                if (line is not null)
                    return line;
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"no {what} within {Within.Deadline}; the watch said:\n" + string.Join("\n", _lines));
                Monitor.Wait(_gate, left);
            }
        }
    }

    public void WaitForWarning(string code)
    {
        lock (_gate)
        {
            DateTime deadline = DateTime.UtcNow + Within.Deadline;
            while (!_warnings.Contains(code))
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"no warning {code} within {Within.Deadline}; the watch said:\n" + string.Join("\n", _lines));
                Monitor.Wait(_gate, left);
            }
        }
    }

    public void LogMessageEvent(BuildMessageEventArgs e) => Add(_lines, e.Message ?? "");
    public void LogWarningEvent(BuildWarningEventArgs e) => Add(_warnings, e.Code ?? "");
    public void LogErrorEvent(BuildErrorEventArgs e) => Add(_lines, "error " + e.Code + ": " + e.Message);
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "test.proj";

    private void Add(List<string> list, string text)
    {
        lock (_gate)
        {
            list.Add(text);
            Monitor.PulseAll(_gate);
        }
    }
}

/// <summary>A build the test scripts: each iteration's result, and, when asked, a build that waits until released.</summary>
internal sealed class FakeBuilder : IIterationBuilder
{
    private readonly BlockingCollection<int> _started = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _gates = new();
    private readonly ConcurrentQueue<int> _builds = new();
    private readonly ConcurrentQueue<int> _superseded = new();
    private readonly string _directory;
    private readonly IReadOnlyList<ITaskItem> _watchItems;

    public FakeBuilder(string directory, IReadOnlyList<ITaskItem> watchItems)
    {
        _directory = directory;
        _watchItems = watchItems;
    }

    /// <summary>What iteration N builds: the binary's content, or null for a failed build. Default: the same bytes every time.</summary>
    public Func<int, string?> Outcome { get; set; } = _ => "server v1";

    public IReadOnlyList<int> Builds => _builds.ToList();

    /// <summary>Iteration <paramref name="iteration"/> will wait, once started, until <see cref="Release"/>.</summary>
    public void Hold(int iteration) => _gates[iteration] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(int iteration) => _gates[iteration].SetResult();

    /// <summary>Waits until iteration <paramref name="iteration"/> has started.</summary>
    public void WaitUntilStarted(int iteration)
    {
        DateTime deadline = DateTime.UtcNow + Within.Deadline;
        while (_started.TryTake(out int started, deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
        {
            if (started == iteration)
                return;
        }
        throw new TimeoutException($"build {iteration} did not start within {Within.Deadline} (builds: {string.Join(", ", Builds)})");
    }

    /// <summary>The iterations whose build was superseded (the loop gives their number to the next build).</summary>
    public IReadOnlyList<int> SupersededBuilds => _superseded.ToList();

    /// <summary>Whether iteration N's build says what to watch (false: it failed before the targets that collect it).</summary>
    public Func<int, bool> CollectsWatchItems { get; set; } = _ => true;

    /// <summary>Runs in each full build where the evaluation would be, before the loop's <c>beforeTargets</c>.</summary>
    public Action? WhileEvaluating { get; set; }

    /// <summary>Runs in each build where its targets would begin (after the loop's <c>beforeTargets</c>).</summary>
    public Action? AtTargets { get; set; }

    public IterationResult CollectAndBuild(int iteration, bool withSettings = false, CancellationToken superseded = default, Action? beforeTargets = null)
    {
        WhileEvaluating?.Invoke();
        beforeTargets?.Invoke();
        AtTargets?.Invoke();
        _builds.Enqueue(iteration);
        _started.Add(iteration);
        // A held build waits for its release or for being superseded, which ends the hold (it was one build's).
        try
        {
            if (_gates.TryGetValue(iteration, out TaskCompletionSource? gate) && !gate.Task.Wait(Within.Deadline, superseded))
                throw new TimeoutException($"build {iteration} was never released");
            superseded.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            _gates.TryRemove(iteration, out _);
            _superseded.Enqueue(iteration);
            return IterationResult.SupersededAfter(TimeSpan.FromMilliseconds(20));
        }
        string? content = Outcome(iteration);
        IReadOnlyList<ITaskItem> watchItems = CollectsWatchItems(iteration) ? _watchItems : Array.Empty<ITaskItem>();
        if (content is null)
            return new IterationResult(false, null, watchItems, TimeSpan.FromMilliseconds(40)) { Errors = FailedBuildErrors };
        string binary = Path.Combine(_directory, "bin", "server");
        FakeGoBinary.Write(binary, content);
        return new IterationResult(true, binary, watchItems, TimeSpan.FromMilliseconds(40));
    }

    /// <summary>The changed files of each fast-path rebuild (<see cref="BuildAgain"/>), in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FastPathBuilds => _fastPathBuilds.ToList();

    private readonly ConcurrentQueue<IReadOnlyList<string>> _fastPathBuilds = new();

    public IterationResult BuildAgain(int iteration, IReadOnlyList<string> changedFiles, CancellationToken superseded = default,
        IReadOnlyCollection<string>? untouchedReferences = null)
    {
        _fastPathBuilds.Enqueue(changedFiles);
        return CollectAndBuild(iteration, superseded: superseded);
    }

    /// <summary>What a failed build logged, as the real builder collects it.</summary>
    public IReadOnlyList<string> FailedBuildErrors { get; set; } = new[] { "main.go(3,5): error GO1001: undefined: x" };

    private int _projectFilesForgotten;

    /// <summary>How often the project files were to be read anew (a change of the project file, a full rebuild).</summary>
    public int ProjectFilesForgotten => Volatile.Read(ref _projectFilesForgotten);

    public void ForgetProjectFiles() => Interlocked.Increment(ref _projectFilesForgotten);

    public void WatchedBy(IWatchedDirectories? watcher) { }

    public void Changed(FileChange change) { }
}

/// <summary>
/// A file that looks like a Go binary to the watch: the build ID marker the linker writes for Mach-O and PE, its content
/// ID a hash of <paramref name="content"/>, then the content.
/// </summary>
internal static class FakeGoBinary
{
    public static string Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string contentId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
        var bytes = new List<byte> { 0xff };
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes($" Go build ID: \"link/main/main/{contentId}\"\n "));
        bytes.Add(0xff);
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(content));
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }
}

/// <summary>A change source the test drives: <see cref="Change"/> is a save.</summary>
internal sealed class FakeChangeSources : IChangeSourceFactory, IChangeSource
{
    private volatile Action<FileChange>? _onChange;

    public string Name => "fake";

    public IChangeSource Create(bool usePolling, TimeSpan pollingInterval) => this;

    public bool PollingRequestedByEnvironment() => false;

    /// <summary>When set, setting up the watch waits until it is set (a walk of a large tree takes its time).</summary>
    public ManualResetEventSlim? SetUpAfter { get; set; }

    /// <summary>Whether the watch was set up.</summary>
    public bool Watching => _onChange is not null;

    public void Start(IReadOnlyList<string> roots, Func<string, bool> isExcludedDirectory, Action<FileChange> onChange)
    {
        if (SetUpAfter is { } gate && !gate.Wait(Within.Deadline))
            throw new TimeoutException("the watch's set-up was never let go on");
        _onChange = onChange;
    }

    /// <param name="endsSave">As inotify says of a close after writing (<see cref="FileChange.EndsSave"/>).</param>
    public void Change(string path, bool endsSave = false) =>
        (_onChange ?? throw new InvalidOperationException("not watching"))(new FileChange(path, FileChangeKind.Modified, endsSave));

    public void Dispose() { }
}

/// <summary>A server that runs until stopped, killed or <see cref="Crash"/>ed.</summary>
internal sealed class FakeServer : IRunningServer
{
    // Continuations run inline: the exit is observed in the same instant it happens, as the supervisor's checks expect.
    private readonly TaskCompletionSource<ServerExit> _exited = new();
    private int _stops;

    private static int _lastProcessId = 41000;

    public FakeServer(ServerStartInfo info) => Info = info;

    /// <summary>A number of its own for every server, as a process id would be.</summary>
    public int ServerProcessId { get; } = Interlocked.Increment(ref _lastProcessId);

    public ServerStartInfo Info { get; }

    public int Stops => Volatile.Read(ref _stops);

    public bool HasExited => _exited.Task.IsCompleted;

    public Task<ServerExit> Exited => _exited.Task;

    public void Crash() => Exit(new ServerExit(2, null, false, TimeSpan.Zero));

    public void ExitWithCode(int code) => Exit(new ServerExit(code, null, false, TimeSpan.Zero));

    /// <summary>When set, a stop takes until it completes (a server whose graceful shutdown takes its time).</summary>
    public Task? SlowStop { get; set; }

    public Task<ServerExit> StopAsync(ServerStopSignal signal, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _stops);
        if (SlowStop is { IsCompleted: false } slow)
            return slow.ContinueWith(_ => { Exit(new ServerExit(0, null, false, TimeSpan.Zero)); return _exited.Task; }, TaskScheduler.Default).Unwrap();
        Exit(new ServerExit(0, null, false, TimeSpan.Zero));
        return _exited.Task;
    }

    public void KillTreeNow() => Exit(new ServerExit(null, 9, false, TimeSpan.Zero));

    // A real server's exit completes on a pool thread, without a synchronization context; xUnit's test threads have
    // one, which would send the supervisor's exit report to the pool and make "not reported" a matter of timing.
    private void Exit(ServerExit exit)
    {
        SynchronizationContext? context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try { _exited.TrySetResult(exit); }
        finally { SynchronizationContext.SetSynchronizationContext(context); }
    }

    public ValueTask DisposeAsync() => default;
}

internal sealed class FakeStarter : IServerStarter
{
    private readonly object _gate = new();
    private readonly List<FakeServer> _servers = new();

    /// <summary>When set, the next start fails with it (the binary cannot be executed).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When it says so (asked before the server is counted), the server exits at once with code 1 (it could not bind its port).</summary>
    public Func<ServerStartInfo, bool> ExitsAtOnce { get; set; } = _ => false;

    /// <summary>Every server started from now on takes until this completes to stop.</summary>
    public Task? SlowStop { get; set; }

    public IReadOnlyList<FakeServer> Servers { get { lock (_gate) return _servers.ToList(); } }

    public IRunningServer Start(ServerStartInfo info, Action<ServerOutputLine> onOutput)
    {
        if (Failure is { } failure)
            throw failure;
        bool exits = ExitsAtOnce(info);
        var server = new FakeServer(info) { SlowStop = SlowStop };
        lock (_gate)
            _servers.Add(server);
        if (exits)
            server.ExitWithCode(1);
        return server;
    }
}

internal sealed class FakeReadiness : IReadinessCheck
{
    private readonly ConcurrentQueue<TimeSpan> _deadlines = new();

    public volatile bool Ready = true;

    /// <summary>The deadline of every wait, in order.</summary>
    public IReadOnlyList<TimeSpan> Deadlines => _deadlines.ToList();

    public Task<bool> WaitUntilReadyAsync(Uri url, IRunningServer server, TimeSpan deadline, CancellationToken cancellation)
    {
        _deadlines.Enqueue(deadline);
        return Task.FromResult(Ready && !server.HasExited);
    }
}

/// <summary>The browser side as a list of what it was told.</summary>
internal sealed class RecordingBrowser : IBrowserChannel
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => _calls.ToList();

    private readonly ConcurrentQueue<string> _readyUrls = new();

    /// <summary>The addresses <see cref="Ready"/> named, in order (a proxy switches its upstream to each).</summary>
    public IReadOnlyList<string> ReadyUrls => _readyUrls.ToList();

    public void Restarting() => _calls.Enqueue("restarting");
    /// <summary>Called at every <see cref="Ready"/>, before it returns: what the test wants to know of that moment.</summary>
    public Action<string>? OnReady { get; set; }

    public void Ready(string serverUrl)
    {
        OnReady?.Invoke(serverUrl);
        _readyUrls.Enqueue(serverUrl);
        _calls.Enqueue("ready");
    }
    public void BuildFailed(IReadOnlyList<GoDiagnostic> errors) => _calls.Enqueue("build failed");
    public void BuildSucceeded() => _calls.Enqueue("build succeeded");
    public void ReloadPages(IReadOnlyList<string> paths) => _calls.Enqueue("reload pages: " + string.Join(", ", paths));
    public void SwapStylesheets(IReadOnlyList<string> paths) => _calls.Enqueue("swap stylesheets: " + string.Join(", ", paths));

    /// <summary>Null: no proxy (the supervisor then swaps stop-start, and the watch has no pages to tell about static files).</summary>
    public Uri? Address { get; set; }
    public event Action<KsDiagnostic, object?[]>? Problem { add { } remove { } }
}

/// <summary>Every timing is 5 ms: the status lines come out the same every run.</summary>
internal sealed class FixedClock : IClock
{
    public long Timestamp() => 1;
    public TimeSpan Since(long timestamp) => TimeSpan.FromMilliseconds(5);
}

/// <summary>
/// A watch loop wired to fakes, on a project of three Go files in a temporary directory, with the real
/// <see cref="ServerSupervisor"/> and <see cref="ChangeBatcher"/> (no quiet window) in between.
/// </summary>
internal sealed class LoopHarness : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private Task? _run;

    /// <param name="quietWindow">The batcher's (none unless given: every change is a batch of its own).</param>
    /// <param name="clock">The loop's clock, the batcher's too (<see cref="FixedClock"/> unless given).</param>
    /// <param name="content">More files of the project and their KickstartOnChange: templates, static files.</param>
    /// <param name="shortcuts">The ways past a build the watch may take (default: none, every change builds).</param>
    /// <param name="host">What the loop tells a host (none unless given).</param>
    public LoopHarness(TimeSpan? quietWindow = null, IClock? clock = null, IReadOnlyDictionary<string, string>? content = null, ReloadShortcuts? shortcuts = null,
        IWatchHost? host = null)
    {
        Clock = clock ?? new FixedClock();
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ks-loop-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var items = new List<ITaskItem>();
        foreach (string name in new[] { "main.go", "a.go", "b.go", "c.go", "d.go", "e.go" })
        {
            File.WriteAllText(Path(name), "package main\n");
            items.Add(new TaskItem(Path(name), new Dictionary<string, string> { ["KickstartOnChange"] = "rebuild" }));
        }
        foreach (KeyValuePair<string, string> file in content ?? new Dictionary<string, string>())
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path(file.Key))!);
            File.WriteAllText(Path(file.Key), "content\n");
            items.Add(new TaskItem(Path(file.Key), new Dictionary<string, string> { ["KickstartOnChange"] = file.Value }));
        }
        File.WriteAllText(Path("web.proj"), "<Project />");
        Options = new WatchOptions
        {
            ProjectFile = Path("web.proj"),
            ProjectDirectory = Directory,
            BuildTargets = new[] { "Build" },
            ExcludedDirectories = new[] { "bin", "obj" },
            StagingDirectory = Path("obj/staging"),
            BuildErrorsFile = Path("obj/build-errors.jsonl"),
            ServerArguments = Array.Empty<string>(),
            ServerEnvironment = new Dictionary<string, string?>(),
            ServerWorkingDirectory = Directory,
            ServerUrl = new Uri("http://127.0.0.1:5099/"),
            ServerStopSignal = ServerStopSignal.Terminate,
            StopTimeout = TimeSpan.FromSeconds(5),
            ReadyTimeout = TimeSpan.FromSeconds(5),
            QuietWindow = quietWindow ?? TimeSpan.Zero,
            UsePolling = false,
            PollingInterval = TimeSpan.FromSeconds(1),
            Shortcuts = shortcuts ?? ReloadShortcuts.None,
        };
        Engine = new RecordingEngine();
        Output = new LiveOutput(Engine, new TaskLoggingHelper(Engine, "GoWatch"), "GoWatch", terminalLoggerEnabled: "0");
        Builder = new FakeBuilder(Directory, items);
        Supervisor = new ServerSupervisor(Options, Starter, Readiness, Browser, Output, Clock, _cancel.Token, exitReportGrace: TimeSpan.Zero);
        Loop = new WatchLoop(Options, Builder, Changes, Supervisor, Browser, Clock, Output, new NodeSharing(Engine), _cancel.Token, host: host);
    }

    public string Directory { get; }
    public WatchOptions Options { get; }
    public RecordingEngine Engine { get; }
    public LiveOutput Output { get; }
    public FakeBuilder Builder { get; }
    public FakeChangeSources Changes { get; } = new();
    public FakeStarter Starter { get; } = new();
    public FakeReadiness Readiness { get; } = new();
    public RecordingBrowser Browser { get; } = new();
    public IClock Clock { get; }
    public ServerSupervisor Supervisor { get; }
    public WatchLoop Loop { get; }

    public string Path(string relative) => System.IO.Path.Combine(Directory, relative);

    /// <summary>Runs the loop on a thread of its own and waits for the first build's server.</summary>
    public void StartAndWaitForTheServer()
    {
        Start();
        WaitForTheFirstStart();
    }

    public void Start() => _run = Task.Factory.StartNew(Loop.Run, TaskCreationOptions.LongRunning);

    public void WaitForTheFirstStart() =>
        Engine.WaitForLine(l => l.StartsWith("kickstart: built 40 ms → started 5 ms", StringComparison.Ordinal), "first start");

    public void Save(string name, bool endsSave = false) => Changes.Change(Path(name), endsSave);

    /// <summary>Stops the loop as Ctrl+C does and shuts it down.</summary>
    public void Stop()
    {
        _cancel.Cancel();
        if (_run is not null && !_run.Wait(Within.Deadline))
            throw new TimeoutException("the loop did not end");
        _run = null;
        Loop.Shutdown();
    }

    public void Dispose()
    {
        if (_run is not null)
            Stop();
        Loop.Dispose();
        Output.Close();
        _cancel.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A host as a list of the events it was told (kind: message), and its commands at the test's call.</summary>
internal sealed class RecordingHost : IWatchHost
{
    private readonly object _gate = new();
    private readonly List<WatchEvent> _events = new();
    private Action? _restart;
    private Action? _rebuild;

    public IReadOnlyList<WatchEvent> Events { get { lock (_gate) return _events.ToList(); } }

    public IReadOnlyList<string> Kinds => Events.Select(e => e.Kind).ToList();

    /// <summary>The host's Restart command (the loop's handler, as the channel's reader calls it).</summary>
    public void Restart() => (_restart ?? throw new InvalidOperationException("the loop does not listen"))();

    public void Rebuild() => (_rebuild ?? throw new InvalidOperationException("the loop does not listen"))();

    /// <summary>Waits for the <paramref name="count"/>th event of <paramref name="kind"/>.</summary>
    public WatchEvent WaitFor(string kind, int count = 1)
    {
        lock (_gate)
        {
            DateTime deadline = DateTime.UtcNow + Within.Deadline;
            while (true)
            {
                List<WatchEvent> found = _events.Where(e => e.Kind == kind).ToList();
                if (found.Count >= count)
                    return found[count - 1];
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"no {kind} event #{count} within {Within.Deadline}; the host heard: " + string.Join(", ", _events.Select(e => e.Kind)));
                Monitor.Wait(_gate, left);
            }
        }
    }

    public void Listen(Action restart, Action rebuild)
    {
        _restart = restart;
        _rebuild = rebuild;
    }

    public void Building(string? changes) => Add(new WatchEvent { Kind = WatchEventKinds.Building, Message = changes });
    public void Running(string statusLine, Uri? url, int? serverProcessId) =>
        Add(new WatchEvent { Kind = WatchEventKinds.Running, Message = statusLine, Url = url?.ToString(), ServerProcessId = serverProcessId });
    public void BuildFailed(string statusLine, IReadOnlyList<string> errors, bool stillServing) =>
        Add(new WatchEvent { Kind = WatchEventKinds.BuildFailed, Message = statusLine, Errors = errors.ToList(), StillServing = stillServing });
    public void Unchanged(string statusLine) => Add(new WatchEvent { Kind = WatchEventKinds.Unchanged, Message = statusLine });
    public void ServerExited(string statusLine) => Add(new WatchEvent { Kind = WatchEventKinds.ServerExited, Message = statusLine });
    public void Failed(IReadOnlyList<string> errors) => Add(new WatchEvent { Kind = WatchEventKinds.Failed, Errors = errors.ToList() });
    public void Stopping(string statusLine)
    {
        StoppingEntered.Set();
        StoppingGate?.Wait();
        Add(new WatchEvent { Kind = WatchEventKinds.Stopping, Message = statusLine });
    }

    /// <summary>Set when the loop starts telling the stop (a slow host write begins).</summary>
    public ManualResetEventSlim StoppingEntered { get; } = new();

    /// <summary>When set, the stop's event is only taken once the gate opens: a write that takes a while.</summary>
    public ManualResetEventSlim? StoppingGate { get; init; }

    private void Add(WatchEvent e)
    {
        lock (_gate)
        {
            _events.Add(e);
            Monitor.PulseAll(_gate);
        }
    }
}
