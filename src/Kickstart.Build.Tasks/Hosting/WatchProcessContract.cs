namespace Kickstart.Build.Tasks.Hosting;

/// <summary>
/// The contract between the Watch task in the build (<see cref="WatchProcess"/>) and the watch's own process that it
/// starts (Kickstart.WatchProcess.dll, which runs <see cref="WatchProcessMain"/>). Both ends are this assembly: one
/// place for every name, line and argument they share.
/// </summary>
/// <remarks>
/// Why a process of its own: the .NET runtime reads its JIT settings only when a process starts, and the build's
/// process compiles MSBuild's and the base library's methods again in the background (tiered compilation) for the
/// first few dozen rebuilds, on the cores the go build needs (docs/benchmarks.md, round 7). The watch's process is
/// started with tiered compilation off (its runtimeconfig.json): MSBuild's ReadyToRun code is used as it is, and the
/// rest is compiled once, fully optimised.
/// <para>
/// The conversation: the task writes one <see cref="StartLine"/> (JSON: the task's parameters, the build's global
/// properties, command line and process id) to the process's stdin and then, one per line, <see cref="StopLine"/> (a stop request:
/// a signal or MSBuild's cancellation, counted as the watch counts its signals) and <see cref="RestartLine"/> (Ctrl+R).
/// The end of stdin (the build's process is gone) stops the watch. The process writes one JSON object per line to
/// stdout: the build events its task logs (<see cref="BuildEventLine"/>), and last <see cref="DoneKind"/> with the task's
/// result. Its stderr is the build's own (a crash's last words reach the terminal).
/// </para>
/// </remarks>
internal static class WatchProcessContract
{
    /// <summary>The program, next to this assembly in the package (tasks/net8.0/).</summary>
    public const string ProgramFileName = "Kickstart.WatchProcess.dll";

    /// <summary>The program's one argument: the directory of the MSBuild that runs the build (its assemblies load from there).</summary>
    public const string MSBuildDirectoryArgument = "--msbuild-directory";

    public const string StopLine = "stop";
    public const string RestartLine = "restart";

    // Properties of the start line.
    public const string Parameters = "parameters";
    public const string GlobalProperties = "globalProperties";
    public const string CommandLine = "commandLine";
    public const string BuildProcessId = "buildProcessId";

    // The "kind" of each line the process writes.
    public const string Kind = "kind";
    public const string MessageKind = "message";
    public const string WarningKind = "warning";
    public const string ErrorKind = "error";
    public const string DoneKind = "done";
    public const string Succeeded = "succeeded";

    /// <summary>Exit code of the process when its start line could not be read (a bug: the two ends disagree).</summary>
    public const int ExitBadStartLine = 3;
}
