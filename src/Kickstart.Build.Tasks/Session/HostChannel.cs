using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// The watch's end of a host's control channel (<see cref="WatchControlContract"/>): one loopback TCP connection, made
/// once when the Watch task starts; events go out and commands come in, one JSON object a line.
/// </summary>
/// <remarks>
/// <see cref="Send"/> only queues: a writer thread of the channel's own writes, so a host that reads slowly (or not at
/// all) never holds up a build or a swap. The queue is bounded (<see cref="QueueCapacity"/>); once it is full the
/// oldest event still waiting is dropped — the newest says the state the host should show — and that is said once, as
/// a detail. A reader thread hands the host's commands over; lines that are no command are ignored. A connection that
/// fails or that the host closes ends the channel quietly and is never tried again: the watch goes on as in a terminal.
/// </remarks>
internal sealed class HostChannel : IDisposable
{
    /// <summary>The host listens before it starts the watch: a loopback connect that takes longer is one that fails.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long closing waits for what is queued (the stop's event) to be written.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Events waiting to be written; a watch sends a few per rebuild, so only a host that stopped reading fills it.</summary>
    public const int QueueCapacity = 256;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly Action<string> _detail;
    private readonly int _capacity;
    private readonly object _gate = new();
    private readonly Queue<string> _queue = new();
    private readonly Thread _writer;
    private Thread? _reader;
    private bool _closing;
    private bool _ended;
    private bool _droppingSaid;

    private HostChannel(TcpClient client, Action<string> detail, int capacity)
    {
        _client = client;
        _stream = client.GetStream();
        _detail = detail;
        _capacity = capacity;
        _writer = new Thread(Write) { IsBackground = true, Name = "Kickstart host channel (writer)" };
        _writer.Start();
    }

    /// <summary>
    /// Reads <see cref="WatchControlContract.EndpointVariable"/>'s value: a loopback address and a port, <c>127.0.0.1:PORT</c>
    /// or <c>[::1]:PORT</c>. Anything else is no endpoint (the token must never leave the machine).
    /// </summary>
    public static bool TryParseEndpoint(string? value, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (string.IsNullOrWhiteSpace(value) || !IPEndPoint.TryParse(value.Trim(), out IPEndPoint? parsed))
            return false;
        if (parsed.Port == 0 || !IPAddress.IsLoopback(parsed.Address))
            return false;
        endpoint = parsed;
        return true;
    }

    /// <summary>Connects and writes <see cref="WatchEventKinds.Hello"/>; null (and why, in <paramref name="failure"/>) when the host cannot be reached.</summary>
    /// <param name="detail">Where the channel's own detail lines go (normal verbosity).</param>
    /// <param name="buildProcessId">The build's process (the one its host started), when the watch runs in another.</param>
    public static HostChannel? Connect(IPEndPoint endpoint, string token, string projectFile, Action<string> detail, out string failure,
        TimeSpan? timeout = null, int capacity = QueueCapacity, int? buildProcessId = null)
    {
        TimeSpan wait = timeout ?? ConnectTimeout;
        var client = new TcpClient(endpoint.AddressFamily) { NoDelay = true };
        try
        {
            using var deadline = new CancellationTokenSource(wait);
            client.ConnectAsync(endpoint, deadline.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            client.Dispose();
            failure = e is OperationCanceledException ? $"no answer within {(int)wait.TotalMilliseconds} ms" : e.Message;
            return null;
        }
        // The hello is written here, before the queue exists: the host drops a connection whose first line lacks its
        // token, so it must never be the oldest event a full queue drops. A fresh connection's buffer takes it at once.
        string hello = WatchControlContract.Serialize(new WatchEvent
        {
            Kind = WatchEventKinds.Hello,
            Token = token,
            Project = projectFile,
            ProcessId = buildProcessId ?? Environment.ProcessId,
        });
        try
        {
            byte[] bytes = Utf8.GetBytes(hello + "\n");
            client.GetStream().Write(bytes, 0, bytes.Length);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            client.Dispose();
            failure = e.Message;
            return null;
        }
        failure = "";
        var channel = new HostChannel(client, detail, capacity);
        return channel;
    }

    /// <summary>False once the connection failed or was closed.</summary>
    public bool IsOpen
    {
        get { lock (_gate) return !_ended && !_closing; }
    }

    /// <summary>Queues an event; never blocks. Dropped once the channel has ended.</summary>
    public void Send(WatchEvent e)
    {
        string line = WatchControlContract.Serialize(e);
        bool sayDropping = false;
        lock (_gate)
        {
            if (_ended || _closing)
                return;
            if (_queue.Count >= _capacity)
            {
                _queue.Dequeue();
                sayDropping = !_droppingSaid;
                _droppingSaid = true;
            }
            _queue.Enqueue(line);
            Monitor.PulseAll(_gate);
        }
        if (sayDropping)
            _detail(WatchStatusLines.HostChannelBehind);
    }

    /// <summary>Starts reading the host's commands; <paramref name="command"/> gets each command's name, on the reader's thread.</summary>
    public void StartReading(Action<string> command)
    {
        lock (_gate)
        {
            if (_reader is not null || _ended)
                return;
            _reader = new Thread(() => Read(command)) { IsBackground = true, Name = "Kickstart host channel (reader)" };
        }
        _reader.Start();
    }

    private void Write()
    {
        try
        {
            while (true)
            {
                string line;
                lock (_gate)
                {
                    while (_queue.Count == 0 && !_closing && !_ended)
                        Monitor.Wait(_gate);
                    if (_queue.Count == 0 || _ended)
                        return; // closing with everything written, or the connection is gone
                    line = _queue.Dequeue();
                }
                byte[] bytes = Utf8.GetBytes(line + "\n");
                _stream.Write(bytes, 0, bytes.Length);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            End(); // the host went away: the watch goes on without it
        }
    }

    private void Read(Action<string> command)
    {
        try
        {
            using var reader = new StreamReader(_stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
            while (reader.ReadLine() is { } line)
            {
                if (WatchControlContract.ParseCommand(line) is { Name: { Length: > 0 } name })
                    command(name);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }
        End(); // the host closed the connection (or it broke): the channel is over
    }

    private void End()
    {
        lock (_gate)
        {
            if (_ended)
                return;
            _ended = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }
        _client.Dispose();
    }

    /// <summary>Writes what is queued (bounded by <see cref="FlushTimeout"/>), then closes the connection. Safe to repeat.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closing = true;
            Monitor.PulseAll(_gate);
        }
        if (Thread.CurrentThread != _writer)
            _writer.Join(FlushTimeout);
        End();
    }
}
