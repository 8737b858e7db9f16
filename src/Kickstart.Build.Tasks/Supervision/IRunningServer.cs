using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// A server the watch has running, whoever hosts it: <see cref="ServerProcess"/> (the launcher and the binary, the
/// default), or later a debugger that runs the binary. What <see cref="ServerSupervisor"/> and
/// <see cref="ReadinessProbe"/> need of it, and nothing more.
/// </summary>
public interface IRunningServer : IAsyncDisposable
{
    bool HasExited { get; }

    /// <summary>The server's own process, as a host shows it (not the launcher's, nor Delve's, when they run it).</summary>
    int ServerProcessId { get; }

    /// <summary>Completes once the server has exited and its output has been delivered.</summary>
    Task<ServerExit> Exited { get; }

    /// <summary>Asks the server to stop with <paramref name="signal"/>, kills it after <paramref name="timeout"/>; safe to repeat.</summary>
    Task<ServerExit> StopAsync(ServerStopSignal signal, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Kills the server and whatever it started, now, without waiting. Never throws.</summary>
    void KillTreeNow();
}
