namespace Kickstart.Build.Tasks.Supervision;

/// <summary>One complete line the server wrote, without its line terminator.</summary>
/// <param name="IsError">True when the line came from standard error.</param>
public readonly record struct ServerOutputLine(string Text, bool IsError);
