namespace Kickstart.Build.Tasks.Debugging;

/// <summary>Where a halted thread stands.</summary>
internal sealed record DelveLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// What Delve says about its process (api.DebuggerState): running or halted (and where), or exited. Pid is the
/// debuggee's, not Delve's.
/// </summary>
internal sealed record DelveState(int Pid, bool Running, bool Exited, int ExitStatus, DelveLocation? Location, int? BreakpointId)
{
    public bool IsHaltedAt(string file, int line) =>
        !Running && !Exited && Location is not null && Location.Line == line && Location.File == file;
}
