using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Proxy;

/// <summary>
/// The dev proxy (Kickstart.DevProxy, its own .NET process) and the control channel to it: the
/// <see cref="ControlMessage"/>s of the shared contract, one JSON line each on its stdin.
/// The pipe is the security boundary (only this task holds its writing end) and the proxy's lifeline: when this
/// process ends for any reason — Ctrl+C, SIGTERM, a crash — the pipe closes and the proxy exits at once.
/// </summary>
/// <remarks>
/// A proxy that exits while the watch runs (killed, crashed) is reported at once, once, and started again on the same
/// port with what the pages must know (the build errors, a restart in progress). If that fails the watch says so once
/// and goes on serving the server directly; the messages for the pages are then dropped without a word.
/// </remarks>
internal sealed class DevProxyProcess : IBrowserChannel, IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    // Ctrl+C in a terminal reaches the proxy too (same process group) a moment before MSBuild cancels the build: that
    // moment must pass before an exit counts as unexpected (the watch loop does the same for the server). Such an exit
    // is a graceful one (code 0), so that kind gets the longer moment; a kill or a crash is reported sooner.
    private static readonly TimeSpan ExitReportGrace = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan GracefulExitReportGrace = TimeSpan.FromSeconds(2);
    // The killed proxy's port may stay busy for a moment (a connection still closing).
    private static readonly TimeSpan PortRetryWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PortRetryInterval = TimeSpan.FromMilliseconds(250);
    // A proxy that dies again this soon after being started again would only die again: the watch stops trying.
    private static readonly TimeSpan CrashLoopWindow = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly Action<string> _output;
    private readonly CancellationTokenSource _stopping;
    private DevProxyStartInfo _start;
    private DevProxyInstance? _current;
    private Task? _supervision;
    private BuildFailedMessage? _buildFailed;
    private bool _holding;
    private bool _givenUp;
    private bool _disposed;

    private DevProxyProcess(DevProxyInstance first, DevProxyStartInfo start, Action<string> output, CancellationToken cancellation)
    {
        _current = first;
        // Every restart binds the port the first proxy bound (port 0 asked for any).
        _start = start with { Listen = first.ListeningUrl };
        _output = output;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
    }

    /// <inheritdoc />
    public event Action<KsDiagnostic, object?[]>? Problem;

    /// <inheritdoc />
    public Uri? Address
    {
        get { lock (_gate) return _givenUp ? null : _start.Listen; }
    }

    /// <summary>Starts the proxy and waits until it listens. Returns null and a reason when it could not start.</summary>
    public static DevProxyProcess? Start(DevProxyStartInfo start, Action<string> output, CancellationToken cancellation, out int exitCode, out string failure)
    {
        DevProxyInstance? first = DevProxyInstance.Start(start, output, StartDeadline, cancellation, out exitCode, out failure);
        if (first is null)
            return null;
        var proxy = new DevProxyProcess(first, start, output, cancellation);
        proxy._supervision = Task.Factory.StartNew(() => proxy.KeepRunning(first), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return proxy;
    }

    public void Restarting()
    {
        lock (_gate)
            _holding = true;
        Send(new RestartingMessage());
    }

    public void Ready(string serverUrl)
    {
        lock (_gate)
        {
            _holding = false;
            if (Uri.TryCreate(serverUrl, UriKind.Absolute, out Uri? upstream))
                _start = _start with { Upstream = upstream };
        }
        Send(new ReadyMessage(serverUrl.TrimEnd('/')));
    }

    public void BuildSucceeded()
    {
        lock (_gate)
            _buildFailed = null;
        Send(new BuildSucceededMessage());
    }

    public void ReloadPages(IReadOnlyList<string> paths) => Send(new ReloadPagesMessage(paths));

    public void SwapStylesheets(IReadOnlyList<string> paths) => Send(new SwapStylesheetsMessage(paths));

    public void BuildFailed(IReadOnlyList<GoDiagnostic> errors)
    {
        var failed = new BuildFailedMessage(errors.Select(d => new BuildError(d.File, d.Line, d.Column, d.Message)).ToList());
        lock (_gate)
            _buildFailed = failed;
        Send(failed);
    }

    // Under the gate, so a proxy being started again gets either this message or the state that includes it, never neither.
    private void Send(ControlMessage message)
    {
        lock (_gate)
            _current?.TrySend(message);
    }

    /// <summary>Runs for the whole watch: waits for the proxy to exit and, unless the watch is ending, starts it again.</summary>
    private void KeepRunning(DevProxyInstance instance)
    {
        bool restarted = false;
        while (true)
        {
            var lifetime = Stopwatch.StartNew();
            int exitCode;
            try
            {
                exitCode = instance.Exited.WaitAsync(_stopping.Token).GetAwaiter().GetResult();
                Task.Delay(exitCode == 0 ? GracefulExitReportGrace : ExitReportGrace, _stopping.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return; // the watch is ending: Dispose stops the proxy
            }
            lock (_gate)
            {
                if (_disposed)
                    return;
                _current = null;
            }
            instance.Dispose();

            Uri address = _start.Listen;
            if (restarted && lifetime.Elapsed < CrashLoopWindow)
            {
                GiveUp($"it {DescribeExit(exitCode)} again within {CrashLoopWindow.TotalSeconds:0} s of being started again");
                return;
            }
            Report(KsDiagnostic.ProxyExited, DescribeExit(exitCode), address.ToString().TrimEnd('/'));

            DevProxyInstance? next = StartAgain(out string failure);
            if (next is null)
            {
                if (!_stopping.IsCancellationRequested)
                    GiveUp(failure);
                return;
            }
            lock (_gate)
            {
                if (_disposed)
                {
                    next.Dispose();
                    return;
                }
                // What a page that connects to the new proxy must see: the errors of a failed build, a swap in progress.
                if (_buildFailed is not null)
                    next.TrySend(_buildFailed);
                if (_holding)
                    next.TrySend(new RestartingMessage());
                _current = next;
            }
            _output(WatchStatusLines.ProxyBackOn(address.ToString().TrimEnd('/')));
            instance = next;
            restarted = true;
        }
    }

    private DevProxyInstance? StartAgain(out string failure)
    {
        var window = Stopwatch.StartNew();
        while (true)
        {
            DevProxyStartInfo start;
            lock (_gate)
                start = _start;
            DevProxyInstance? next = DevProxyInstance.Start(start, _output, StartDeadline, _stopping.Token, out int exitCode, out failure);
            if (next is not null || exitCode != DevProxyContract.ExitCannotListen || window.Elapsed > PortRetryWindow)
                return next;
            if (_stopping.Token.WaitHandle.WaitOne(PortRetryInterval))
                return null;
        }
    }

    private void GiveUp(string reason)
    {
        Uri? server;
        lock (_gate)
        {
            _givenUp = true;
            server = _start.Upstream;
        }
        // The proxy's (or the dotnet host's) error may span lines: the warning is one sentence.
        string oneLine = string.Join(" ", reason.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        Report(KsDiagnostic.ProxyRestartFailed, oneLine.TrimEnd('.'), server.ToString().TrimEnd('/'));
    }

    private void Report(KsDiagnostic diagnostic, params object?[] args) => Problem?.Invoke(diagnostic, args);

    // .NET reports a process ended by a signal as 128 + the signal's number.
    private static string DescribeExit(int exitCode)
    {
        if (!OperatingSystem.IsWindows() && exitCode > 128 && exitCode - 128 <= SignalNames.HighestSignal)
        {
            int signal = exitCode - 128;
            string? name = SignalNames.NameOf(signal);
            return name is null
                ? string.Format(CultureInfo.InvariantCulture, "was killed by signal {0}", signal)
                : string.Format(CultureInfo.InvariantCulture, "was killed by signal {0} ({1})", name, signal);
        }
        return string.Format(CultureInfo.InvariantCulture, "exited with code {0}", exitCode);
    }

    /// <summary>Stops the proxy (closing its stdin) and whatever start of it is under way.</summary>
    public void Dispose()
    {
        DevProxyInstance? current;
        lock (_gate)
        {
            _disposed = true;
            current = _current;
            _current = null;
        }
        _stopping.Cancel();
        current?.Dispose();
        // A start under way is cancelled and kills what it started; wait for that, so nothing outlives the watch.
        if (_supervision is null || _supervision.Wait(TimeSpan.FromSeconds(10)))
            _stopping.Dispose();
    }
}
