using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Tells when a freshly started server accepts connections, so the browser is not pointed at it too early.</summary>
public static class ReadinessProbe
{
    // Refused connections on loopback fail instantly (a few microseconds each), so the shortest interval a timer
    // keeps costs nothing worth counting and puts "serving" within about a millisecond of the moment the server
    // really started listening: every reload waits here, and a wider interval added half of itself on average.
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(1);

    // A loopback connect either succeeds or is refused at once; a bound only matters when something swallows SYNs.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// True once <paramref name="host"/>:<paramref name="port"/> accepts a TCP connection; false when
    /// <paramref name="process"/> exits first or <paramref name="deadline"/> passes (<see cref="Timeout.InfiniteTimeSpan"/>:
    /// never, for a server a debugger may hold at a breakpoint). Cancellation throws.
    /// </summary>
    public static async Task<bool> WaitUntilAcceptingAsync(
        string host, int port, IRunningServer process, TimeSpan deadline, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(process);
        if (port is < IPEndPoint.MinPort + 1 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "Not a TCP port number.");
        }

        long started = Stopwatch.GetTimestamp();
        IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress? literal)
            ? new[] { literal }
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                return false;
            }

            TimeSpan remaining = deadline == Timeout.InfiniteTimeSpan ? AttemptTimeout : deadline - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            if (await TryConnectAsync(addresses, port, Min(AttemptTimeout, remaining), ct).ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(RetryInterval, ct).ConfigureAwait(false);
        }
    }

    private static async Task<bool> TryConnectAsync(IPAddress[] addresses, int port, TimeSpan timeout, CancellationToken ct)
    {
        foreach (IPAddress address in addresses)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(timeout);
            try
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(address, port), attempt.Token).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                // Refused, or an address family this host lacks (::1 without IPv6): try the next address.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // This attempt timed out; the caller's cancellation is rethrown instead.
            }
        }

        return false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
