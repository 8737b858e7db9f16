using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// The host's side of a watch's control channel (WatchControlContract), as the Aspire app host plays it: a loopback
/// listener whose address and token go into the watch's environment, the watch's events collected as they come, and
/// commands written back.
/// </summary>
internal sealed class ControlChannelHost : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly object _gate = new();
    private readonly List<WatchEvent> _events = new();
    private TcpClient? _client;
    private Thread? _reader;
    private bool _closed;

    public ControlChannelHost()
    {
        _listener.Start();
        Token = Guid.NewGuid().ToString("N");
    }

    public string Token { get; }

    public string Endpoint => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The watch's environment that names this host.</summary>
    public Dictionary<string, string?> Environment() => new()
    {
        [WatchControlContract.EndpointVariable] = Endpoint,
        [WatchControlContract.TokenVariable] = Token,
    };

    public IReadOnlyList<WatchEvent> Events { get { lock (_gate) return _events.ToList(); } }

    /// <summary>True once the watch closed the connection.</summary>
    public bool Closed { get { lock (_gate) return _closed; } }

    /// <summary>Waits for the watch to connect (the Watch task's start), then reads its events on a thread of its own.</summary>
    public void Accept(TimeSpan deadline, Func<string> output)
    {
        var accepted = _listener.AcceptTcpClientAsync();
        Assert.True(Poll.Until(() => accepted.IsCompleted, deadline), "the watch never connected to its host; output:\n" + output());
        _client = accepted.Result;
        _reader = new Thread(Read) { IsBackground = true };
        _reader.Start();
    }

    /// <summary>Waits for the <paramref name="count"/>th event of <paramref name="kind"/> (counted from the start).</summary>
    public WatchEvent WaitFor(string kind, Func<string> output, int count = 1, TimeSpan? deadline = null)
    {
        WatchEvent? found = null;
        Poll.Until(() => (found = Events.Where(e => e.Kind == kind).Skip(count - 1).FirstOrDefault()) is not null || Closed,
            deadline ?? TimeSpan.FromSeconds(90));
        found ??= Events.Where(e => e.Kind == kind).Skip(count - 1).FirstOrDefault();
        Assert.True(found is not null, $"no {kind} event #{count}; the host heard: {string.Join(", ", Events.Select(e => e.Kind))}\noutput:\n{output()}");
        return found!;
    }

    public void Send(string command)
    {
        byte[] line = Encoding.UTF8.GetBytes(WatchControlContract.Serialize(new WatchCommand { Name = command }) + "\n");
        _client!.GetStream().Write(line, 0, line.Length);
    }

    private void Read()
    {
        try
        {
            using var reader = new StreamReader(_client!.GetStream(), new UTF8Encoding(false));
            while (reader.ReadLine() is { } line)
            {
                WatchEvent e = WatchControlContract.ParseEvent(line) ?? throw new InvalidDataException("not an event: " + line);
                lock (_gate)
                    _events.Add(e);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
        lock (_gate)
            _closed = true;
    }

    public void Dispose()
    {
        _client?.Dispose();
        _listener.Stop();
        _reader?.Join(TimeSpan.FromSeconds(5));
    }
}
