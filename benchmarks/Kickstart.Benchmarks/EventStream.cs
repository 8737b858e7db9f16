using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;

namespace Kickstart.Benchmarks;

/// <summary>
/// The dev proxy's `/_kickstart/events` stream read as a browser's EventSource reads it (Server-Sent Events: `event:`
/// and `data:` lines, a blank line ends each), every event time-stamped as it arrives — what an open page is told
/// (reload, a stylesheet swap, errors) and when.
/// </summary>
internal sealed class EventStream : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long Ts, string Name, string Data)> _events = new();
    private readonly Thread _reader;
    private volatile bool _connected;

    public EventStream(int proxyPort)
    {
        string url = $"http://127.0.0.1:{proxyPort}/_kickstart/events";
        _reader = new Thread(() => Read(url)) { IsBackground = true, Name = "event-stream" };
        _reader.Start();
    }

    public bool Connected => _connected;

    public int Count { get { lock (_events) return _events.Count; } }

    private void Read(string url)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/event-stream");
            using HttpResponseMessage response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            using var reader = new StreamReader(response.Content.ReadAsStream(_stop.Token));
            _connected = response.IsSuccessStatusCode;
            string name = "message", data = "";
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0 || name != "message")
                        lock (_events) _events.Add((Stopwatch.GetTimestamp(), name, data));
                    name = "message";
                    data = "";
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal)) name = line.Substring(6).Trim();
                else if (line.StartsWith("data:", StringComparison.Ordinal)) data += line.Substring(5).Trim();
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            // The proxy went away (the watch stopped) or we are disposing.
        }
        _connected = false;
    }

    /// <summary>The first event at or after index <paramref name="from"/>, waiting up to the deadline (null: none came).</summary>
    public (long Ts, string Name, string Data)? WaitForEvent(int from, TimeSpan deadline)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            lock (_events)
            {
                if (_events.Count > from)
                    return _events[from];
            }
            if (Stopwatch.GetElapsedTime(start) >= deadline)
                return null;
            Thread.Sleep(1);
        }
    }

    public List<(long Ts, string Name, string Data)> From(int from)
    {
        lock (_events) return _events.GetRange(Math.Min(from, _events.Count), Math.Max(0, _events.Count - from));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        _reader.Join(2000);
        _stop.Dispose();
    }
}
