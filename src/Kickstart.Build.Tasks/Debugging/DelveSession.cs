using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>
/// The watch's side of one server under Delve, from its start to its stop: the three steps a swap needs, in the order
/// it needs them. The process itself (dlv, started from <see cref="DelveCommandLine"/> like any server) belongs to the
/// supervisor; this holds only the watch's connection to its Delve, next to the editor's.
/// </summary>
internal sealed class DelveSession : IDisposable
{
    private readonly DelveClient _delve;

    private DelveSession(DelveClient delve, int debuggeePid, Task<DelveState> running)
    {
        _delve = delve;
        DebuggeePid = debuggeePid;
        Running = running;
    }

    /// <summary>The server's pid (Delve's child, in a process group of its own), as Delve reported it at the start.</summary>
    public int DebuggeePid { get; }

    /// <summary>
    /// Completes when the server halts (a breakpoint, an editor's pause) or exits: the state Delve then reports. A server
    /// that exits under Delve is seen here (Exited, ExitStatus), not as the exit of dlv's process.
    /// </summary>
    public Task<DelveState> Running { get; }

    /// <summary>
    /// A new server's Delve (started halted): connects, sets <paramref name="carried"/> (the previous server's
    /// breakpoints, <see cref="BreakpointSet.Empty"/> for the first), and lets the server run. The breakpoints Delve
    /// refused come back in <paramref name="refused"/>, for a KS2043 warning each.
    /// </summary>
    public static DelveSession Start(string address, BreakpointSet carried, TimeSpan connectTimeout, out IReadOnlyList<BreakpointNotRecreated> refused)
    {
        DelveClient delve = DelveClient.Connect(address, connectTimeout);
        try
        {
            refused = carried.RecreateIn(delve);
            int pid = delve.State().Pid;
            return new DelveSession(delve, pid, delve.Continue());
        }
        catch
        {
            delve.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Before the server is replaced or the watch ends: reads its breakpoints (for the next one), then tells Delve to
    /// detach and kill it, halted at a breakpoint or not; a headless Delve then exits too. Returns the breakpoints, or
    /// <paramref name="unreadable"/> (<see cref="BreakpointSet.Empty"/> by default) when Delve is gone already and cannot
    /// tell any more: a server that crashed keeps the breakpoints it was started with.
    /// </summary>
    public BreakpointSet Stop(BreakpointSet? unreadable = null)
    {
        BreakpointSet breakpoints = unreadable ?? BreakpointSet.Empty;
        try
        {
            breakpoints = BreakpointSet.ReadFrom(_delve);
        }
        catch (DelveException) { }
        try
        {
            _delve.Detach(kill: true);
        }
        catch (DelveException) { }
        Dispose();
        return breakpoints;
    }

    public void Dispose() => _delve.Dispose();
}
