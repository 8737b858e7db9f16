using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Tells when a freshly started server is ready for the browser (<see cref="ReadinessProbe"/>: it accepts a TCP connection).</summary>
internal interface IReadinessCheck
{
    /// <summary>True once <paramref name="url"/> accepts; false when the server exits first or <paramref name="deadline"/> passes. Cancellation throws.</summary>
    Task<bool> WaitUntilReadyAsync(Uri url, IRunningServer server, TimeSpan deadline, CancellationToken cancellation);
}

internal sealed class TcpReadinessCheck : IReadinessCheck
{
    public static readonly TcpReadinessCheck Instance = new();

    public Task<bool> WaitUntilReadyAsync(Uri url, IRunningServer server, TimeSpan deadline, CancellationToken cancellation) =>
        ReadinessProbe.WaitUntilAcceptingAsync(url.Host, url.Port, server, deadline, cancellation);
}
