using System;
using System.Collections.Generic;
using System.Diagnostics;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.Session;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>
/// KickstartDebug's way of starting a server: the launcher runs dlv (<see cref="DelveCommandLine"/>) instead of the
/// binary, with the server's arguments, environment and working directory; the watch connects to it, sets the
/// breakpoints the previous server had, and lets the server run. The supervisor's sequence stays as it is: it gets an
/// <see cref="IRunningServer"/> whose stop reads the breakpoints back (for the next start) before the process goes.
/// </summary>
internal sealed class DelveServerStarter : IServerStarter
{
    /// <summary>
    /// How long Delve may take to load a binary and listen. A debug binary's DWARF is read before Delve listens: a
    /// second or so, much more on a loaded machine; a dlv that exits (its port taken, say) ends the wait at once.
    /// </summary>
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(60);

    /// <summary>One connection attempt's bound inside <see cref="ListenTimeout"/>, so an exited dlv is noticed.</summary>
    private static readonly TimeSpan ConnectAttempt = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a dlv whose start failed gets to end its server and itself.</summary>
    private static readonly TimeSpan DelveStopTimeout = TimeSpan.FromSeconds(5);

    private readonly string _delve;
    private readonly string _address;
    private readonly LiveOutput _output;
    private readonly object _gate = new();
    // The breakpoints of the last server, for the next one; the last server's stop writes them here.
    private BreakpointSet _carried = BreakpointSet.Empty;
    private bool _startedBefore;

    public DelveServerStarter(string delve, string address, LiveOutput output)
    {
        _delve = delve;
        _address = address;
        _output = output;
    }

    public IRunningServer Start(ServerStartInfo info, Action<ServerOutputLine> onOutput)
    {
        var command = new DelveCommandLine(_delve, info.FileName, _address, info.Arguments);
        ServerProcess process = ServerProcess.Start(new ServerStartInfo
        {
            FileName = _delve,
            Arguments = command.Arguments,
            WorkingDirectory = info.WorkingDirectory,
            Environment = info.Environment,
            Launcher = info.Launcher,
            RecordDirectory = info.RecordDirectory,
            Port = info.Port,
        }, onOutput);

        BreakpointSet carried;
        lock (_gate)
            carried = _carried;
        DelveSession session;
        IReadOnlyList<BreakpointNotRecreated> refused;
        try
        {
            session = Connect(process, carried, out refused);
        }
        catch (DelveException e)
        {
            // dlv said why on its stderr (shown already), or it hangs: either way this start failed, and nothing of it stays.
            // SIGTERM first: a dlv that still runs then kills the server it started (a SIGKILL would leave it running).
            process.StopAsync(ServerStopSignal.Terminate, DelveStopTimeout).GetAwaiter().GetResult();
            process.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new InvalidOperationException(e.Message, e);
        }

        foreach (BreakpointNotRecreated r in refused)
            _output.Warn(KsDiagnostic.BreakpointNotRecreated, r.WarningArguments);
        _output.WriteLine(_startedBefore
            ? WatchStatusLines.DebuggerRestarted(_address, carried.Breakpoints.Count - refused.Count)
            : WatchStatusLines.DebuggerListening(_address));
        _startedBefore = true;
        return new DelveServer(process, session, carried, Carry);
    }

    private void Carry(BreakpointSet breakpoints)
    {
        lock (_gate)
            _carried = breakpoints;
    }

    private DelveSession Connect(ServerProcess process, BreakpointSet carried, out IReadOnlyList<BreakpointNotRecreated> refused)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return DelveSession.Start(_address, carried, ConnectAttempt, out refused);
            }
            catch (DelveException e) when (process.HasExited)
            {
                // Whatever answered (or did not) on the address, it was not this dlv: most often another process holds it.
                throw new DelveException($"dlv exited before it listened on {_address} (its reason is above; is KickstartDebugAddress in use?).", e);
            }
            catch (DelveException) when (clock.Elapsed < ListenTimeout)
            {
                // Not listening yet: Delve is still loading the binary.
            }
        }
    }
}
