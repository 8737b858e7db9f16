using System.Collections.Generic;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>A breakpoint the new process could not get, and Delve's reason (most often: the line holds no code any more).</summary>
internal sealed record BreakpointNotRecreated(DelveBreakpoint Breakpoint, string Reason)
{
    /// <summary>The KS2043 warning's arguments: file, line, reason.</summary>
    public object?[] WarningArguments => new object?[] { Breakpoint.File, Breakpoint.Line, Reason };
}

/// <summary>
/// The user's breakpoints of one Delve, carried to the next across a swap: read from the old process before it is
/// stopped, set in the new one while it is still halted at its start. They are carried by file and line (plus
/// condition, hit condition, enabled, name), which is what an editor shows and what a rebuild keeps meaningful.
/// </summary>
internal sealed class BreakpointSet
{
    public static readonly BreakpointSet Empty = new(new List<DelveBreakpoint>());

    private BreakpointSet(IReadOnlyList<DelveBreakpoint> breakpoints) => Breakpoints = breakpoints;

    public IReadOnlyList<DelveBreakpoint> Breakpoints { get; }

    /// <summary>
    /// The breakpoints of the process behind <paramref name="delve"/>. Delve lists them only while the process is
    /// halted, so a running one is halted: call this just before the process is stopped.
    /// </summary>
    public static BreakpointSet ReadFrom(DelveClient delve)
    {
        if (delve.State().Running)
            delve.Halt();
        return new BreakpointSet(delve.ListBreakpoints());
    }

    /// <summary>
    /// Sets every breakpoint in the (halted) process behind <paramref name="delve"/>; the ones Delve refuses are
    /// returned, not thrown, so that the watch can report them (KS2043) and go on.
    /// </summary>
    public IReadOnlyList<BreakpointNotRecreated> RecreateIn(DelveClient delve)
    {
        var refused = new List<BreakpointNotRecreated>();
        foreach (DelveBreakpoint b in Breakpoints)
        {
            try
            {
                delve.CreateBreakpoint(b.File, b.Line, b.Condition, b.HitCondition, b.Disabled, b.Name);
            }
            catch (DelveException e)
            {
                refused.Add(new BreakpointNotRecreated(b, e.Message));
            }
        }
        return refused;
    }
}
