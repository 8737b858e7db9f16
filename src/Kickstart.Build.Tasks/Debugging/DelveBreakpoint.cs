namespace Kickstart.Build.Tasks.Debugging;

/// <summary>
/// A user's breakpoint as Delve reports it (api.Breakpoint): what must be carried from one process to the next. The ID
/// is the old Delve's and means nothing to a new one.
/// </summary>
internal sealed record DelveBreakpoint(
    int Id,
    string? Name,
    string File,
    int Line,
    string? Condition,
    string? HitCondition,
    bool Disabled,
    string? FunctionName);
