namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// Names of the signals a server is likely to die from. Only numbers that are identical on Linux, macOS and the BSDs
/// are listed (SIGBUS, SIGUSR1 and SIGUSR2 differ between them), so a name is never wrong; others print as a number.
/// </summary>
internal static class SignalNames
{
    internal const int Interrupt = 2;
    internal const int Kill = 9;
    internal const int Terminate = 15;

    /// <summary>Highest signal number a Unix exit status can carry (real-time signals included).</summary>
    internal const int HighestSignal = 64;

    internal static string? NameOf(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => null,
    };
}
