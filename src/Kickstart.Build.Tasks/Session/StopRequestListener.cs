using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace Kickstart.Build.Tasks.Session;

/// <summary>What a stop signal asks for: the first one a graceful stop, any after it a forced one.</summary>
internal enum StopRequest
{
    Graceful,
    Force,
}

/// <summary>
/// Counts the stop signals of one watch (they arrive on the runtime's signal threads). In an MSBuild worker node,
/// signals within <see cref="SameRequestInAWorkerNode"/> of the first are that same request: a terminal's Ctrl+C
/// reaches a worker node directly and again through the build process (<see cref="WorkerNodes"/>). The build process
/// itself gets every signal once, so there a second one always forces, however fast it follows.
/// </summary>
internal sealed class StopRequestCounter
{
    public static readonly TimeSpan SameRequestInAWorkerNode = TimeSpan.FromMilliseconds(300);
    private readonly Func<long> _now;
    private readonly long _sameRequestMilliseconds;
    private long _first = -1;

    public StopRequestCounter(TimeSpan sameRequest, Func<long>? nowInMilliseconds = null)
    {
        _sameRequestMilliseconds = (long)sameRequest.TotalMilliseconds;
        _now = nowInMilliseconds ?? (() => Environment.TickCount64);
    }

    /// <returns>What the signal asks for; null when it only repeats the first.</returns>
    public StopRequest? Next()
    {
        long now = _now();
        long first = Interlocked.CompareExchange(ref _first, now, -1);
        if (first == -1)
            return StopRequest.Graceful;
        return now - first < _sameRequestMilliseconds ? null : StopRequest.Force;
    }
}

/// <summary>
/// Counts the stop requests of a watch in a process of its own (Hosting/), which may get each request twice: as a
/// signal of its own (a terminal's Ctrl+C reaches every process of the foreground group) and passed on by the build
/// that started it. Each source is counted on its own, and a request is new when either has counted more than ever
/// before: a Ctrl+C that arrives both ways is one request, and a second Ctrl+C forces the stop however fast it follows.
/// </summary>
internal sealed class TwoWayStopRequestCounter
{
    private readonly object _gate = new();
    private int _own;
    private int _passedOn;
    private int _actedOn;

    /// <returns>What the request asks for; null when the other source has asked for it already.</returns>
    public StopRequest? Next(bool passedOn)
    {
        lock (_gate)
        {
            if (passedOn)
                _passedOn++;
            else
                _own++;
            int requests = Math.Max(_own, _passedOn);
            if (requests == _actedOn)
                return null;
            _actedOn = requests;
            return requests == 1 ? StopRequest.Graceful : StopRequest.Force;
        }
    }
}

/// <summary>
/// Ctrl+C (SIGINT, from a terminal or a script), SIGTERM and SIGHUP all end the watch the same way: the server is
/// stopped gracefully, the watch says "kickstart: stopped" and the task returns — a stop the user asked for is a
/// normal end of the build. A second signal forces the stop: the server's process tree is killed at once. The build
/// process passes either on to its MSBuild worker nodes, where the other services of a solution may be watched.
/// </summary>
/// <remarks>
/// Why the watch handles SIGINT itself: MSBuild turns Ctrl+C into a cancellation of the whole build (its
/// Console.CancelKeyPress handler calls BuildManager.CancelAllSubmissions), and a cancelled build is reported as
/// failed ("Attempting to cancel the build...", "Build FAILED.", exit code 1) whatever the cancelled task returns.
/// So while the watch runs, <see cref="ConsoleCancelHandlers"/> holds back the process's Ctrl+C handlers and gives them
/// back when the watch ends. Without this, `kill &lt;dotnet pid&gt;` or a closed terminal would also end the process
/// and leave the server running: MSBuild cancels on Ctrl+C only.
/// </remarks>
internal sealed class StopRequestListener : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = new();
    // Own signals (false) and requests passed on by the build (true): what each asks for, or null for a repeat.
    private readonly Func<bool, StopRequest?> _next;
    private readonly Action<string> _onStop;
    private readonly Action _onForce;
    private IDisposable? _heldBack;

    private StopRequestListener(Func<bool, StopRequest?> next, Action<string> onStop, Action onForce)
    {
        _next = next;
        _onStop = onStop;
        _onForce = onForce;
    }

    /// <param name="alsoFromTheBuild">The watch runs in a process of its own (Hosting/): a terminal's signal reaches it
    /// directly and again as a request of the build that started it (<see cref="Request"/>), which counts as one.</param>
    public static StopRequestListener Register(Action<string> onStop, Action onForce, bool alsoFromTheBuild = false)
    {
        Func<bool, StopRequest?> next;
        if (alsoFromTheBuild)
        {
            var twoWay = new TwoWayStopRequestCounter();
            next = twoWay.Next;
        }
        else
        {
            var counter = new StopRequestCounter(WorkerNodes.IsWorkerNode(Environment.GetCommandLineArgs()) ? StopRequestCounter.SameRequestInAWorkerNode : TimeSpan.Zero);
            next = _ => counter.Next();
        }
        var signals = new StopRequestListener(next, onStop, onForce);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            return signals; // Ctrl+C stays MSBuild's cancellation there (see README).
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // Keep the process alive until the loop has stopped the server; the build then ends by itself.
                context.Cancel = true;
                signals.Signalled(context.Signal.ToString());
            }));
        }
        signals._heldBack = ConsoleCancelHandlers.HoldBack();
        return signals;
    }

    /// <summary>A stop request that is no signal of this process's own (the build's, passed on).</summary>
    public void Request(string source) => Act(_next(true), source);

    /// <summary>A signal of this process's own.</summary>
    internal void Signalled(string signal) => Act(_next(false), signal);

    private void Act(StopRequest? request, string source)
    {
        if (request is null)
            return;
        if (request == StopRequest.Graceful)
            _onStop(source);
        else
            _onForce();
        // After this watch's own stop, off the signal thread: reading /proc must never hold the stop up.
        if (ConsoleCancelHandlers.MSBuildsHeldBack)
            ThreadPool.QueueUserWorkItem(_ => WorkerNodes.Interrupt());
    }

    public void Dispose()
    {
        // The handlers go back first: a Ctrl+C from now on is MSBuild's again.
        _heldBack?.Dispose();
        _heldBack = null;
        foreach (PosixSignalRegistration r in _registrations)
            r.Dispose();
        _registrations.Clear();
    }
}
