using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.Proxy;
using Kickstart.Build.Tasks.Session;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>How a restart ended; the watch loop words its status line from it.</summary>
internal enum RestartOutcome
{
    /// <summary>A manual restart before any build succeeded: no binary to run (said already).</summary>
    NothingToRun,

    /// <summary>The server could not be started (said already).</summary>
    NotStarted,

    /// <summary>Started, but not accepting connections within the ready timeout, or it exited first (KS2004 when it still runs).</summary>
    NotReady,

    /// <summary>The watch was stopped while the server came up.</summary>
    Cancelled,

    /// <summary>Running; without a server URL there is nothing to probe.</summary>
    Running,

    /// <summary>Running and accepting connections at the server URL; the browser was told.</summary>
    Ready,
}

/// <param name="Outcome">How it ended.</param>
/// <param name="Took">From the start of the restart to the new server's start (the probe not included).</param>
internal readonly record struct ServerRestart(RestartOutcome Outcome, TimeSpan Took)
{
    /// <summary>A new server process is running (ready or not).</summary>
    public bool Restarted => Outcome is RestartOutcome.NotReady or RestartOutcome.Running or RestartOutcome.Ready;
}

/// <summary>The server's whole life as the watch loop sees it.</summary>
internal interface IServerSupervisor
{
    bool IsRunning { get; }

    /// <summary>Where the current server listens: KickstartServerUrl, or after a blue/green swap its fresh port; null without a URL.</summary>
    Uri? Url { get; }

    /// <summary>The current server's own process (<see cref="IRunningServer.ServerProcessId"/>); null when none runs.</summary>
    int? ServerProcessId { get; }

    /// <summary>The current server stopped by itself; the argument is the warning as said live (a host shows it).</summary>
    event Action<string>? ServerExited;

    /// <summary>True when a server is running from exactly the bytes of <paramref name="builtBinary"/>.</summary>
    bool RunsSameBinaryAs(string builtBinary);

    /// <summary>Replaces the running server (if any) with one started from <paramref name="builtBinary"/>.</summary>
    ServerRestart Swap(string builtBinary, int iteration);

    /// <summary>Ctrl+R: the same sequence as <see cref="Swap"/>, from the binary the server runs from.</summary>
    ServerRestart RestartByHand(int iteration);

    /// <summary>The last resort when the process is going away: a graceful stop, bounded, then the tree killed.</summary>
    void StopOnExit();

    /// <summary>A forced stop: the server's tree killed now.</summary>
    void KillNow();

    /// <summary>Stops the server gracefully (and the old ones still stopping), and deletes what was staged; when the watch ends.</summary>
    void Shutdown();
}

/// <summary>
/// Owns the server: places the binary, starts it (through an <see cref="IServerStarter"/>), waits until it is ready,
/// replaces it — one sequence, for a swap after a build and for Ctrl+R alike — stops it, and reports once a server that
/// stopped by itself.
/// </summary>
/// <remarks>
/// Two ways to replace a server. Blue/green, when the dev proxy runs (<see cref="ServerSwapMode"/>): the new server starts
/// on a fresh loopback port beside the old one, the proxy's upstream is switched to it the moment it accepts, and the
/// old one is stopped in the background — its graceful stop delays nothing, its output still shows, its exit is no
/// crash. Stop-start otherwise (no proxy, KickstartDebug, or a server that cannot run twice): hold requests, stop the
/// old server, start the new one on the same port.
/// Restarts run on the loop's thread; the exit reports and the background stops on the thread pool, the last-resort stop
/// on the process-exit thread, hence the gate. The browser channel hears of every restart: "restarting" holds requests,
/// and every path afterwards releases them ("ready"), or requests would wait out their whole hold timeout.
/// </remarks>
internal sealed class ServerSupervisor : IServerSupervisor
{
    /// <summary>
    /// On Windows a console's Ctrl+C reaches the server too (on Unix it has a process group of its own), a moment before
    /// the watch stops: the exit report gives the stop that moment, so a normal Ctrl+C is not reported as a crash.
    /// </summary>
    public static readonly TimeSpan DefaultExitReportGrace = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// KickstartServerSwap=auto: how long a new server may take to accept beside the old one before it counts as one
    /// that cannot run twice (a fixed port it cannot bind, a lock it waits for). A server that exits counts at once.
    /// </summary>
    public static readonly TimeSpan SideBySideReadyBound = TimeSpan.FromSeconds(2);

    private readonly WatchOptions _options;
    private readonly IServerStarter _starter;
    private readonly IReadinessCheck _readiness;
    private readonly IBrowserChannel _browser;
    private readonly LiveOutput _output;
    private readonly IClock _clock;
    private readonly CancellationToken _cancellation;
    private readonly TimeSpan _exitReportGrace;
    private readonly Func<int> _freePort;
    private readonly Action<ServerOutputLine> _onOutput;
    private readonly object _gate = new();
    private IRunningServer? _server;
    private IServerBinary? _binary;
    // Where the current server was told to listen: the configured URL, or after a blue/green swap the fresh port.
    private Uri? _serverUrl;
    // Servers that are no longer the current one and are being stopped (replaced ones, new ones that could not run beside them).
    private readonly Dictionary<IRunningServer, Task> _retiring = new();
    // Set while a stop the watch asked for is under way: that exit is no news.
    private bool _stopping;
    // Auto mode, after a server that could not run beside the old one: stop-start for the rest of the watch.
    private bool _sideBySideGivenUp;
    private bool _fallbackSaid;

    public ServerSupervisor(WatchOptions options, IServerStarter starter, IReadinessCheck readiness, IBrowserChannel browser, LiveOutput output,
        IClock clock, CancellationToken cancellation, TimeSpan? exitReportGrace = null, Func<int>? freePort = null)
    {
        _options = options;
        _starter = starter;
        _readiness = readiness;
        _browser = browser;
        _output = output;
        _clock = clock;
        _cancellation = cancellation;
        _exitReportGrace = exitReportGrace ?? DefaultExitReportGrace;
        _freePort = freePort ?? FreePort.Find;
        _serverUrl = options.ServerUrl;
        _onOutput = line => _output.WriteLine(line.Text);
    }

    /// <summary>
    /// Before the first start (and before the proxy takes its port): stops what an earlier watch left running from this
    /// staging directory, then tells who else holds the server's port, if anyone (the caller makes that error KS2030).
    /// </summary>
    public static PortHolder? StopLeftovers(WatchOptions options, LiveOutput output)
    {
        var leftovers = new LeftoverServers(LeftoverServers.InspectorForCurrentPlatform(), output.WriteLine);
        leftovers.StopAll(options.StagingDirectory, options.ServerStopSignal, options.StopTimeout);
        return options.ServerUrl is { } url ? leftovers.FindHolder(url.Host, url.Port) : null;
    }

    public bool IsRunning
    {
        get { lock (_gate) return _server is { HasExited: false }; }
    }

    public Uri? Url
    {
        get { lock (_gate) return _serverUrl; }
    }

    public int? ServerProcessId
    {
        get
        {
            IRunningServer? server;
            lock (_gate)
                server = _server;
            return server is { HasExited: false } ? server.ServerProcessId : null;
        }
    }

    public event Action<string>? ServerExited;

    public bool RunsSameBinaryAs(string builtBinary)
    {
        IServerBinary? binary;
        lock (_gate)
        {
            if (_server is not { HasExited: false })
                return false;
            binary = _binary;
        }
        return binary is not null && binary.HasSameContentAs(builtBinary);
    }

    public ServerRestart Swap(string builtBinary, int iteration)
    {
        long started = _clock.Timestamp();
        IServerBinary binary = ServerBinaries.Place(builtBinary, _options.StagingDirectory, iteration);
        IServerBinary? previous;
        lock (_gate)
            previous = _binary;
        return Restart(binary, ReferenceEquals(previous, binary) ? null : previous, iteration, started);
    }

    public ServerRestart RestartByHand(int iteration)
    {
        long started = _clock.Timestamp();
        IServerBinary? binary;
        lock (_gate)
            binary = _binary;
        if (binary is null)
        {
            _output.WriteLine(WatchStatusLines.NothingToRestart);
            return new ServerRestart(RestartOutcome.NothingToRun, TimeSpan.Zero);
        }
        return Restart(binary.ForRestart(), previous: null, iteration, started);
    }

    // The one restart sequence: beside the old server when it can, else stop the old one and start the new one.
    private ServerRestart Restart(IServerBinary binary, IServerBinary? previous, int iteration, long started)
    {
        if (SideBySideBound() is { } bound && _options.ServerUrl is { } configured)
        {
            ServerRestart? beside = StartBeside(binary, previous, iteration, started, configured, bound);
            if (beside is { } done)
                return done;
        }
        return StopThenStart(binary, previous, iteration, started);
    }

    // How long a new server may take to accept beside the old one; null when it is not to be tried.
    private TimeSpan? SideBySideBound()
    {
        if (_options.ServerSwap == ServerSwapMode.StopStart || _options.ServerUrl is null || _browser.Address is null || !IsRunning)
            return null; // no proxy to switch (or it is gone for good), or no old server to keep serving meanwhile
        if (_options.ServerSwap == ServerSwapMode.BlueGreen)
            return _options.ReadyTimeout;
        lock (_gate)
        {
            if (_sideBySideGivenUp)
                return null;
        }
        return _options.ReadyTimeout < SideBySideReadyBound ? _options.ReadyTimeout : SideBySideReadyBound;
    }

    // Blue/green: the new server on a fresh port while the old one serves, the proxy switched when it accepts, the old one
    // stopped in the background. Null when the new one could not run beside the old one (it is gone again by then).
    private ServerRestart? StartBeside(IServerBinary binary, IServerBinary? previous, int iteration, long started, Uri configured, TimeSpan bound)
    {
        Uri url = new UriBuilder(configured) { Port = _freePort() }.Uri;
        IRunningServer? candidate = Launch(binary, iteration, url);
        TimeSpan took = _clock.Since(started);
        if (candidate is null)
            return new ServerRestart(RestartOutcome.NotStarted, took); // said already; the old server goes on serving
        lock (_gate)
            _retiring[candidate] = Task.CompletedTask; // while it comes up, the stops of the watch's end cover it too

        bool ready = WaitUntilReady(url, candidate, bound);
        if (_cancellation.IsCancellationRequested)
        {
            Retire(candidate, null);
            return new ServerRestart(RestartOutcome.Cancelled, took);
        }
        if (!ready)
        {
            string why = candidate.HasExited
                ? "it " + candidate.Exited.GetAwaiter().GetResult().Describe()
                : $"it did not accept on {url.ToString().TrimEnd('/')} within {(int)bound.TotalMilliseconds} ms";
            candidate.KillTreeNow();
            Retire(candidate, null);
            GiveUpSideBySide(why);
            return null;
        }

        IRunningServer? old;
        lock (_gate)
        {
            _retiring.Remove(candidate);
            old = _server;
            _server = candidate;
            _binary = binary;
            _serverUrl = url;
        }
        _ = ReportExitAsync(candidate);
        _browser.Ready(url.ToString());
        if (old is not null)
            Retire(old, previous);
        else
            previous?.Discard();
        return new ServerRestart(RestartOutcome.Ready, took);
    }

    // Said once per watch; auto mode does not try again.
    private void GiveUpSideBySide(string why)
    {
        bool say;
        lock (_gate)
        {
            if (_options.ServerSwap == ServerSwapMode.Auto)
                _sideBySideGivenUp = true;
            say = !_fallbackSaid;
            _fallbackSaid = true;
        }
        if (say)
        {
            _output.Warn(KsDiagnostic.SwapFellBackToStopStart, why, _options.ServerSwap == ServerSwapMode.Auto
                ? "It does so from now on; set KickstartServerSwap=stop-start to skip the attempt"
                : "KickstartServerSwap=blue-green tries again at every swap; set it to auto or stop-start to stop trying");
        }
    }

    // Stop-start: hold requests, stop the old server, start the new one where the old one listened, wait until it accepts.
    private ServerRestart StopThenStart(IServerBinary binary, IServerBinary? previous, int iteration, long started)
    {
        _browser.Restarting();
        Stop();
        previous?.Discard();
        Uri? url;
        lock (_gate)
            url = _serverUrl;
        IRunningServer? server = Launch(binary, iteration, url);
        TimeSpan took = _clock.Since(started);
        if (server is null)
        {
            ReleaseHeldRequests();
            return new ServerRestart(RestartOutcome.NotStarted, took);
        }
        lock (_gate)
        {
            _server = server;
            _binary = binary;
        }
        _ = ReportExitAsync(server);
        if (url is null)
            return new ServerRestart(RestartOutcome.Running, took);

        bool ready = WaitUntilReady(url, server, _options.ReadyTimeout);
        if (_cancellation.IsCancellationRequested)
            return new ServerRestart(RestartOutcome.Cancelled, took); // stopped while the server came up
        if (!ready)
        {
            ReleaseHeldRequests();
            if (!server.HasExited)
                _output.Warn(KsDiagnostic.ServerNotReady, url, (int)_options.ReadyTimeout.TotalMilliseconds);
            return new ServerRestart(RestartOutcome.NotReady, took);
        }
        _browser.Ready(url.ToString());
        return new ServerRestart(RestartOutcome.Ready, took);
    }

    // False when the server is not accepting connections in time — or the watch was stopped meanwhile.
    private bool WaitUntilReady(Uri url, IRunningServer server, TimeSpan deadline)
    {
        try
        {
            return _readiness.WaitUntilReadyAsync(url, server, deadline, _cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    // A server that is not up yet is the proxy's to retry.
    private void ReleaseHeldRequests()
    {
        Uri? url;
        lock (_gate)
            url = _serverUrl;
        if (url is not null)
            _browser.Ready(url.ToString());
    }

    // Starts a server listening on url (PORT), without making it the current one; null (said) when it cannot be started.
    private IRunningServer? Launch(IServerBinary binary, int iteration, Uri? url)
    {
        var environment = new Dictionary<string, string?>(_options.ServerEnvironment)
        {
            ["KICKSTART_WATCH"] = "1",
            ["KICKSTART_ITERATION"] = iteration.ToString(CultureInfo.InvariantCulture),
            // The host's control channel is the watch's: its token never reaches the server.
            [WatchControlContract.EndpointVariable] = null,
            [WatchControlContract.TokenVariable] = null,
        };
        if (url is not null && !environment.ContainsKey("PORT"))
            environment["PORT"] = url.Port.ToString(CultureInfo.InvariantCulture);

        try
        {
            return _starter.Start(new ServerStartInfo
            {
                FileName = binary.Path,
                Arguments = _options.ServerArguments,
                WorkingDirectory = _options.ServerWorkingDirectory,
                Environment = environment,
                Launcher = _options.Launcher,
                RecordDirectory = _options.StagingDirectory,
                Port = url?.Port,
            }, _onOutput);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or System.IO.IOException or InvalidOperationException)
        {
            _output.WriteLine(WatchStatusLines.CouldNotStart(binary.Path, e.Message));
            bool inUse;
            lock (_gate)
                inUse = ReferenceEquals(binary, _binary);
            if (!inUse)
                binary.Discard();
            return null;
        }
    }

    // A server that stops by itself is reported once; the loop waits for a change (or Ctrl+R) instead of restarting it in a spin.
    private async Task ReportExitAsync(IRunningServer server)
    {
        ServerExit exit = await server.Exited.ConfigureAwait(false);
        if (_exitReportGrace > TimeSpan.Zero)
        {
            try { await Task.Delay(_exitReportGrace, _cancellation).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
        lock (_gate)
        {
            if (_stopping || !ReferenceEquals(server, _server) || _cancellation.IsCancellationRequested)
                return;
        }
        _output.Warn(KsDiagnostic.ServerExited, exit.Describe());
        ServerExited?.Invoke(WatchStatusLines.Warning(KsDiagnostic.ServerExited.Code, KsDiagnostic.ServerExited.Format(exit.Describe())));
    }

    // Stops a server that is no longer the current one in the background (its graceful stop delays nothing), then
    // deletes what it ran from; the watch's end waits for it.
    private void Retire(IRunningServer server, IServerBinary? binary)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _retiring[server] = stopped.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                ServerExit exit = await server.StopAsync(_options.ServerStopSignal, _options.StopTimeout).ConfigureAwait(false);
                if (exit.KilledAfterTimeout)
                    _output.WriteLine(WatchStatusLines.KilledAfterStopTimeout(_options.StopTimeout, _options.ServerStopSignal.ToString()));
                await server.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                binary?.Discard();
                lock (_gate)
                    _retiring.Remove(server);
                stopped.TrySetResult();
            }
        });
    }

    // Marks a stop under way (its exit is no crash) and hands over the server to stop, if any.
    private IRunningServer? BeginStop()
    {
        lock (_gate)
        {
            _stopping = true;
            return _server;
        }
    }

    private void Stop()
    {
        IRunningServer? server = BeginStop();
        try
        {
            if (server is null)
                return;
            ServerExit exit = server.StopAsync(_options.ServerStopSignal, _options.StopTimeout).GetAwaiter().GetResult();
            if (exit.KilledAfterTimeout)
                _output.WriteLine(WatchStatusLines.KilledAfterStopTimeout(_options.StopTimeout, _options.ServerStopSignal.ToString()));
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_server, server))
                    _server = null;
                _stopping = false;
            }
        }
    }

    private IReadOnlyList<IRunningServer> Retiring()
    {
        lock (_gate)
            return new List<IRunningServer>(_retiring.Keys);
    }

    public void StopOnExit()
    {
        // The stop stays marked: the process is going away, nothing is reported any more.
        IRunningServer? current = BeginStop();
        var servers = new List<IRunningServer>(Retiring());
        if (current is not null)
            servers.Add(current);
        var stops = new List<Task>();
        foreach (IRunningServer server in servers)
        {
            try { stops.Add(server.StopAsync(_options.ServerStopSignal, _options.StopTimeout)); }
            catch (InvalidOperationException) { }
        }
        try
        {
            Task.WaitAll(stops.ToArray(), _options.StopTimeout + TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
        }
        foreach (IRunningServer server in servers)
            server.KillTreeNow();
    }

    public void KillNow()
    {
        IRunningServer? current;
        lock (_gate)
            current = _server;
        current?.KillTreeNow();
        foreach (IRunningServer server in Retiring())
            server.KillTreeNow();
    }

    public void Shutdown()
    {
        Stop();
        Task[] stopping;
        lock (_gate)
            stopping = new List<Task>(_retiring.Values).ToArray();
        // Each is bounded by the stop timeout (then killed); a moment more for the kill itself.
        if (!Task.WaitAll(stopping, _options.StopTimeout + TimeSpan.FromSeconds(5)))
        {
            foreach (IRunningServer server in Retiring())
                server.KillTreeNow();
        }
        IServerBinary? binary;
        lock (_gate)
            binary = _binary;
        binary?.Discard();
    }
}
