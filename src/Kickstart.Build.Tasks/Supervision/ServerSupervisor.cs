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

    /// <summary>True when a server is running from exactly the bytes of <paramref name="builtBinary"/>.</summary>
    bool RunsSameBinaryAs(string builtBinary);

    /// <summary>Stages <paramref name="builtBinary"/> and replaces the running server (if any) with one started from it.</summary>
    ServerRestart Swap(string builtBinary, int iteration);

    /// <summary>Ctrl+R: the same sequence as <see cref="Swap"/>, with the binary already staged.</summary>
    ServerRestart RestartByHand(int iteration);

    /// <summary>The last resort when the process is going away: a graceful stop, bounded, then the tree killed.</summary>
    void StopOnExit();

    /// <summary>A forced stop: the server's tree killed now.</summary>
    void KillNow();

    /// <summary>Stops the server gracefully and deletes the staged binary; when the watch ends.</summary>
    void Shutdown();
}

/// <summary>
/// Owns the server: stages the binary, starts it (through an <see cref="IServerStarter"/>), waits until it is ready,
/// restarts it — one sequence, for a swap after a build and for Ctrl+R alike — stops it, and reports once a server that
/// stopped by itself.
/// </summary>
/// <remarks>
/// Restarts and stops run on the loop's thread; the exit report runs on the thread pool and the last-resort stop on the
/// process-exit thread, hence the gate. The browser channel hears of every restart: "restarting" holds requests, and
/// every path afterwards releases them ("ready"), or requests would wait out their whole hold timeout.
/// </remarks>
internal sealed class ServerSupervisor : IServerSupervisor
{
    /// <summary>
    /// On Windows a console's Ctrl+C reaches the server too (on Unix it has a process group of its own), a moment before
    /// the watch stops: the exit report gives the stop that moment, so a normal Ctrl+C is not reported as a crash.
    /// </summary>
    public static readonly TimeSpan DefaultExitReportGrace = TimeSpan.FromMilliseconds(300);

    private readonly WatchOptions _options;
    private readonly IServerStarter _starter;
    private readonly IReadinessCheck _readiness;
    private readonly IBrowserChannel _browser;
    private readonly LiveOutput _output;
    private readonly IClock _clock;
    private readonly CancellationToken _cancellation;
    private readonly TimeSpan _exitReportGrace;
    private readonly Action<ServerOutputLine> _onOutput;
    private readonly object _gate = new();
    private IRunningServer? _server;
    private StagedBinary? _staged;
    // Set while a stop the watch asked for is under way: that exit is no news.
    private bool _stopping;

    public ServerSupervisor(WatchOptions options, IServerStarter starter, IReadinessCheck readiness, IBrowserChannel browser, LiveOutput output,
        IClock clock, CancellationToken cancellation, TimeSpan? exitReportGrace = null)
    {
        _options = options;
        _starter = starter;
        _readiness = readiness;
        _browser = browser;
        _output = output;
        _clock = clock;
        _cancellation = cancellation;
        _exitReportGrace = exitReportGrace ?? DefaultExitReportGrace;
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

    public bool RunsSameBinaryAs(string builtBinary)
    {
        StagedBinary? staged;
        lock (_gate)
        {
            if (_server is not { HasExited: false })
                return false;
            staged = _staged;
        }
        return staged is not null && staged.HasSameContentAs(builtBinary);
    }

    public ServerRestart Swap(string builtBinary, int iteration)
    {
        long started = _clock.Timestamp();
        StagedBinary staged = StagedBinary.Stage(builtBinary, _options.StagingDirectory, iteration);
        StagedBinary? previous;
        lock (_gate)
            previous = _staged;
        return Restart(staged, previous, iteration, started);
    }

    public ServerRestart RestartByHand(int iteration)
    {
        long started = _clock.Timestamp();
        StagedBinary? staged;
        lock (_gate)
            staged = _staged;
        if (staged is null)
        {
            _output.WriteLine(WatchStatusLines.NothingToRestart);
            return new ServerRestart(RestartOutcome.NothingToRun, TimeSpan.Zero);
        }
        return Restart(staged, previous: null, iteration, started);
    }

    // The one restart sequence: hold requests, stop the old server, start the new one, wait until it accepts.
    private ServerRestart Restart(StagedBinary staged, StagedBinary? previous, int iteration, long started)
    {
        _browser.Restarting();
        Stop();
        previous?.TryDelete();
        IRunningServer? server = Start(staged, iteration);
        TimeSpan took = _clock.Since(started);
        if (server is null)
        {
            ReleaseHeldRequests();
            return new ServerRestart(RestartOutcome.NotStarted, took);
        }
        if (_options.ServerUrl is not { } url)
            return new ServerRestart(RestartOutcome.Running, took);

        bool ready = WaitUntilReady(url, server);
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
    private bool WaitUntilReady(Uri url, IRunningServer server)
    {
        try
        {
            return _readiness.WaitUntilReadyAsync(url, server, _options.ReadyTimeout, _cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    // A server that is not up yet is the proxy's to retry.
    private void ReleaseHeldRequests()
    {
        if (_options.ServerUrl is { } url)
            _browser.Ready(url.ToString());
    }

    private IRunningServer? Start(StagedBinary staged, int iteration)
    {
        var environment = new Dictionary<string, string?>(_options.ServerEnvironment)
        {
            ["KICKSTART_WATCH"] = "1",
            ["KICKSTART_ITERATION"] = iteration.ToString(CultureInfo.InvariantCulture),
        };
        if (_options.ServerUrl is { } url && !environment.ContainsKey("PORT"))
            environment["PORT"] = url.Port.ToString(CultureInfo.InvariantCulture);

        IRunningServer server;
        try
        {
            server = _starter.Start(new ServerStartInfo
            {
                FileName = staged.Path,
                Arguments = _options.ServerArguments,
                WorkingDirectory = _options.ServerWorkingDirectory,
                Environment = environment,
                Launcher = _options.Launcher,
                RecordDirectory = _options.StagingDirectory,
                Port = _options.ServerUrl?.Port,
            }, _onOutput);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or System.IO.IOException or InvalidOperationException)
        {
            _output.WriteLine(WatchStatusLines.CouldNotStart(staged.Path, e.Message));
            staged.TryDelete();
            return null;
        }

        lock (_gate)
        {
            _server = server;
            _staged = staged;
        }
        _ = ReportExitAsync(server);
        return server;
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

    public void StopOnExit()
    {
        // The stop stays marked: the process is going away, nothing is reported any more.
        IRunningServer? server = BeginStop();
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

    public void KillNow()
    {
        IRunningServer? server;
        lock (_gate)
            server = _server;
        server?.KillTreeNow();
    }

    public void Shutdown()
    {
        Stop();
        StagedBinary? staged;
        lock (_gate)
            staged = _staged;
        staged?.TryDelete();
    }
}
