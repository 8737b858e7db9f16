namespace Kickstart.DevProxy.Hosting;

/// <summary>The process exit codes; the Watch task turns the non-zero ones into KS errors.</summary>
internal static class ExitCodes
{
    /// <summary>Stopped normally: end of the control channel, SIGTERM or SIGINT.</summary>
    public const int Success = 0;

    /// <summary>The listen address could not be bound (usually: the port is already in use).</summary>
    public const int CannotListen = 2;

    /// <summary>The command line is wrong: a missing or malformed option.</summary>
    public const int BadArguments = 3;
}
