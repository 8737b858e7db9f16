namespace Kickstart.Contracts;

/// <summary>
/// What the Watch task and the dev proxy (two processes) agree on, in one file compiled into both (a linked source,
/// as dotnet-watch shares its agent's contract): the proxy's exit codes and the line it prints once it listens.
/// </summary>
internal static class DevProxyContract
{
    /// <summary>Stopped normally: end of the control channel, SIGTERM or SIGINT.</summary>
    public const int ExitStopped = 0;

    /// <summary>The listen address could not be bound (usually: the port is already in use).</summary>
    public const int ExitCannotListen = 2;

    /// <summary>The command line is wrong: a missing or malformed option.</summary>
    public const int ExitBadArguments = 3;

    /// <summary>Printed on standard output, followed by the bound URL, once the proxy accepts connections.</summary>
    public const string ListeningPrefix = "kickstart-proxy: listening on ";
}
