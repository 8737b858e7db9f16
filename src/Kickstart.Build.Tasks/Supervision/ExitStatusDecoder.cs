namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// Turns the exit code .NET reports into an exit code or a signal. On Unix .NET folds "terminated by signal N" into
/// exit code 128 + N, the shell convention. A program that literally calls exit(128 + N) is indistinguishable from
/// that and is reported as the signal too; shells have the same ambiguity and users already read it that way.
/// </summary>
internal static class ExitStatusDecoder
{
    private const int SignalExitBase = 128;

    internal static (int? ExitCode, int? Signal) Decode(int reportedExitCode, bool isUnix)
    {
        if (isUnix
            && reportedExitCode > SignalExitBase
            && reportedExitCode <= SignalExitBase + SignalNames.HighestSignal)
        {
            return (null, reportedExitCode - SignalExitBase);
        }

        return (reportedExitCode, null);
    }
}
