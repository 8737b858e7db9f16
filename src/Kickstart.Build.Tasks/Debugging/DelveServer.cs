using System;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Native;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>
/// A server running under Delve, as the supervisor sees it: the launcher's process (dlv, and under it the server) plus
/// the watch's Delve session. Its stop reads the breakpoints first and has Delve detach and kill the server (halted or
/// not), then stops the process group as usual.
/// </summary>
/// <remarks>
/// Delve starts the server in a process group of its own, and a SIGKILL to dlv leaves it running: the kills here name
/// the server's pid too (the launcher also kills it when its lifeline closes, as a descendant that left the group).
/// A server that exits while Delve keeps running (headless Delve stays for its clients) would never be seen to exit,
/// so when Delve reports the exit, dlv is stopped and the server's own exit status is the one reported.
/// </remarks>
internal sealed class DelveServer : IRunningServer
{
    /// <summary>How long dlv gets to end once its server has exited, before it is killed.</summary>
    private static readonly TimeSpan DelveExitTimeout = TimeSpan.FromSeconds(5);

    private static readonly Lazy<IProcessInspector> Inspector = new(LeftoverServers.InspectorForCurrentPlatform);

    private readonly ServerProcess _process;
    private readonly DelveSession _session;
    private readonly BreakpointSet _startedWith;
    private readonly Action<BreakpointSet> _carry;
    // When the server started (Linux), so that a kill never reaches a process that got its pid later.
    private readonly long? _debuggeeStartTime;
    private int _detached;

    public DelveServer(ServerProcess process, DelveSession session, BreakpointSet startedWith, Action<BreakpointSet> carry)
    {
        _process = process;
        _session = session;
        _startedWith = startedWith;
        _carry = carry;
        _debuggeeStartTime = Inspector.Value.StartTimeOf(session.DebuggeePid);
        Exited = ObserveExitAsync();
    }

    public bool HasExited => _process.HasExited;

    public int ServerProcessId => _session.DebuggeePid;

    public Task<ServerExit> Exited { get; }

    public Task<ServerExit> StopAsync(ServerStopSignal signal, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Detach();
        return _process.StopAsync(signal, timeout, cancellationToken);
    }

    public void KillTreeNow()
    {
        // Where start times cannot be read, only while dlv (whose child it is) runs and has not been told to kill it.
        bool stillTheServer = _debuggeeStartTime is { } started
            ? Inspector.Value.StartTimeOf(_session.DebuggeePid) == started
            : Volatile.Read(ref _detached) == 0 && !_process.HasExited;
        if (stillTheServer && !OperatingSystem.IsWindows())
            PosixProcessSignals.Kill(_session.DebuggeePid, PosixProcessSignals.SIGKILL);
        _process.KillTreeNow();
    }

    public async ValueTask DisposeAsync()
    {
        KillTreeNow();
        _session.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    // Once: the breakpoints go to the next server, then Delve kills this one and exits.
    private void Detach()
    {
        if (Interlocked.Exchange(ref _detached, 1) == 0)
            _carry(_session.Stop(unreadable: _startedWith));
    }

    private async Task<ServerExit> ObserveExitAsync()
    {
        Task<ServerExit> dlvExit = _process.Exited;
        if (await Task.WhenAny(dlvExit, _session.Running).ConfigureAwait(false) == dlvExit
            || _session.Running.Status != TaskStatus.RanToCompletion || !_session.Running.Result.Exited
            || Volatile.Read(ref _detached) != 0)
            return await dlvExit.ConfigureAwait(false); // halted (a breakpoint), or the process ended: dlv's exit is the one to wait for

        DelveState exited = _session.Running.Result;
        Detach();
        await _process.StopAsync(ServerStopSignal.Terminate, DelveExitTimeout).ConfigureAwait(false);
        await dlvExit.ConfigureAwait(false);
        return new ServerExit(exited.ExitStatus, null, false, TimeSpan.Zero);
    }
}
