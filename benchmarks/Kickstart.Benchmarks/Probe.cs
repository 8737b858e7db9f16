using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Kickstart.Benchmarks;

/// <summary>
/// Loopback probes with as little client overhead as possible: a raw socket per request (no pooling, no HttpClient),
/// closed with RST (linger 0) so thousands of probes per second never exhaust ephemeral ports with TIME_WAIT.
/// </summary>
internal static class Probe
{
    /// <summary>True when 127.0.0.1:port accepts a TCP connection (refused = false).</summary>
    public static bool TryConnect(int port)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.LingerState = new LingerOption(true, 0);
        s.NoDelay = true;
        try
        {
            s.Connect(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>GET path with a fresh connection: the status code and body, or null when nothing answered.</summary>
    public static (int Status, string Body)? Get(int port, string path)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.LingerState = new LingerOption(true, 0);
        s.NoDelay = true;
        s.ReceiveTimeout = 2000;
        s.SendTimeout = 2000;
        try
        {
            s.Connect(new IPEndPoint(IPAddress.Loopback, port));
            s.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"));
            var buffer = new byte[8192];
            var response = new StringBuilder();
            int n;
            while ((n = s.Receive(buffer)) > 0)
                response.Append(Encoding.UTF8.GetString(buffer, 0, n));
            string text = response.ToString();
            // "HTTP/1.1 200 OK"
            if (text.Length < 12 || !text.StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(9, 3), out int status))
                return null;
            int bodyAt = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return (status, bodyAt < 0 ? "" : text.Substring(bodyAt + 4));
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>
    /// Polls GET path every ~1 ms until a 200 whose body contains <paramref name="text"/> (null: any 200).
    /// Returns the Stopwatch timestamp of that response, or 0 when the deadline passed.
    /// </summary>
    /// <remarks>
    /// Over one keep-alive connection, opened again whenever the server closed it (a restart) or refused it (not up
    /// yet). The poll shares the 2 cores with the go build it waits for: a connection per request cost the old server
    /// an accept and a goroutine and this client a socket every millisecond of the build, which slowed the watch's
    /// go build but not the floor's (whose server is polled only once it is executed). A request on an open
    /// connection costs both sides a fraction of that, and the floor's exec → first 200 is polled the same way.
    /// </remarks>
    public static long PollUntil(int port, string path, string? text, TimeSpan deadline, Func<bool>? giveUp = null)
    {
        long start = Stopwatch.GetTimestamp();
        using var connection = new HttpConnection(port, keepAlive: true, receiveTimeoutMs: 2000);
        while (Stopwatch.GetElapsedTime(start) < deadline)
        {
            if (TryGet(connection, path) is { Status: 200 } ok && (text is null || ok.Body.Contains(text, StringComparison.Ordinal)))
                return Stopwatch.GetTimestamp();
            if (giveUp?.Invoke() == true)
                return 0;
            Thread.Sleep(1);
        }
        return 0;
    }

    /// <summary>GET path on <paramref name="connection"/> (connecting it first when it is closed); null when nothing answered.</summary>
    public static (int Status, string Body)? TryGet(HttpConnection connection, string path)
    {
        try
        {
            return connection.Get(path);
        }
        catch (HttpFailure)
        {
            return null; // refused, or closed by a server going away: the next poll connects again
        }
    }
}

/// <summary>
/// A thread that tries a TCP connect every ~1 ms while armed and records (timestamp, accepted). The longest time the
/// port refused connections within a window is the server's outage during a swap.
/// </summary>
internal sealed class OutageProbe : IDisposable
{
    private readonly int _port;
    private readonly Thread _thread;
    private readonly List<(long Ts, bool Ok)> _events = new();
    private volatile bool _armed;
    private volatile bool _stop;

    public OutageProbe(int port)
    {
        _port = port;
        _thread = new Thread(Loop) { IsBackground = true, Name = "outage-probe" };
        _thread.Start();
    }

    private void Loop()
    {
        while (!_stop)
        {
            if (!_armed)
            {
                Thread.Sleep(1);
                continue;
            }
            bool ok = Probe.TryConnect(_port);
            long ts = Stopwatch.GetTimestamp();
            lock (_events)
                _events.Add((ts, ok));
            Thread.Sleep(1);
        }
    }

    public void Arm()
    {
        lock (_events)
            _events.Clear();
        _armed = true;
    }

    /// <summary>Stops probing; returns the longest refused span (ms) — from the last accepted connect before the
    /// refusals to the first accepted after them (an upper bound, to within one probe interval) — and the probe count.</summary>
    public (double LongestRefusedMs, int Probes, int Refused) Disarm(long windowStart)
    {
        _armed = false;
        Thread.Sleep(3);
        List<(long Ts, bool Ok)> ev;
        lock (_events)
            ev = new List<(long, bool)>(_events);
        double longest = 0;
        long lastOk = windowStart;
        bool inRun = false;
        int refused = 0;
        foreach (var (ts, ok) in ev)
        {
            if (ok)
            {
                if (inRun)
                    longest = Math.Max(longest, Stopwatch.GetElapsedTime(lastOk, ts).TotalMilliseconds);
                inRun = false;
                lastOk = ts;
            }
            else
            {
                refused++;
                inRun = true;
            }
        }
        if (inRun && ev.Count > 0)
            longest = Math.Max(longest, Stopwatch.GetElapsedTime(lastOk, ev[^1].Ts).TotalMilliseconds);
        return (longest, ev.Count, refused);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(1000);
    }
}
