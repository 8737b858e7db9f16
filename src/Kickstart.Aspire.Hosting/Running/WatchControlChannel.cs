using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Contracts;

namespace Kickstart.Aspire.Hosting.Running;

/// <summary>What the channel tells its owner (the resource's state reporter).</summary>
internal interface IWatchChannelObserver
{
    /// <summary>A watch connected and said hello with the right token; commands go to it from now on.</summary>
    Task OnConnectedAsync(WatchEvent hello);

    Task OnEventAsync(WatchEvent e);

    /// <summary>The watch's connection ended (it stopped, or a new watch of the resource took over).</summary>
    Task OnDisconnectedAsync();

    /// <summary>Something to say in the resource's log (a connection without the token).</summary>
    void Warn(string message);
}

/// <summary>
/// The host side of the watch's control channel (<see cref="WatchControlContract"/>) for one resource: a loopback
/// listener on a port of its own, whose address and token go into the watch's environment. One connection counts at a
/// time: the latest watch that said hello with the token (a restart of the resource starts a new watch).
/// </summary>
internal sealed class WatchControlChannel : IDisposable
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Connection? _current;
    private IWatchChannelObserver? _observer;

    /// <summary>The token a watch's hello must carry: random, per resource and app host run.</summary>
    public string Token { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary><c>127.0.0.1:PORT</c>, once <see cref="Start"/> ran.</summary>
    public string? Endpoint { get; private set; }

    public bool IsConnected
    {
        get { lock (_gate) return _current is not null; }
    }

    /// <summary>Listens (once; later calls return the same address) and hands what watches send to <paramref name="observer"/>.</summary>
    public string Start(IWatchChannelObserver observer)
    {
        lock (_gate)
        {
            if (_listener is not null)
                return Endpoint!;
            _observer = observer;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Endpoint = "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptLoopAsync(_listener, observer);
            return Endpoint;
        }
    }

    /// <summary>Writes a command (<see cref="WatchCommandNames"/>) to the connected watch: false when none is.</summary>
    public async Task<bool> SendAsync(string command, CancellationToken cancellationToken)
    {
        Connection? connection;
        lock (_gate)
            connection = _current;
        if (connection is null)
            return false;
        try
        {
            await connection.WriteLineAsync(WatchControlContract.Serialize(new WatchCommand { Name = command }), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            return false; // The watch went away as the command was sent: its end is reported by the read loop.
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, IWatchChannelObserver observer)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(new Connection(client), observer);
        }
    }

    private async Task ServeAsync(Connection connection, IWatchChannelObserver observer)
    {
        bool accepted = false;
        try
        {
            using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            helloTimeout.CancelAfter(HelloTimeout);
            string? first = await connection.Reader.ReadLineAsync(helloTimeout.Token).ConfigureAwait(false);
            var hello = first is null ? null : WatchControlContract.ParseEvent(first);
            if (hello is null || hello.Kind != WatchEventKinds.Hello || !TokenMatches(hello.Token))
            {
                observer.Warn(KickstartHostingDiagnostics.Format(KickstartHostingDiagnostics.ChannelTokenMismatch,
                    "a connection to the watch's control channel did not start with a hello carrying this resource's token; it was closed."));
                return;
            }

            Connection? previous;
            lock (_gate)
            {
                previous = _current;
                _current = connection;
            }
            previous?.Dispose();
            accepted = true;
            await observer.OnConnectedAsync(hello).ConfigureAwait(false);

            while (await connection.Reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                if (WatchControlContract.ParseEvent(line) is { } e)
                    await observer.OnEventAsync(e).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The watch ended (or the app host stops): nothing more will come on this connection.
        }
        finally
        {
            bool wasCurrent;
            lock (_gate)
            {
                wasCurrent = _current == connection;
                if (wasCurrent)
                    _current = null;
            }
            connection.Dispose();
            if (accepted && wasCurrent && !_stop.IsCancellationRequested)
                await observer.OnDisconnectedAsync().ConfigureAwait(false);
        }
    }

    private bool TokenMatches(string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Token));

    public void Dispose()
    {
        Connection? current;
        lock (_gate)
        {
            _stop.Cancel();
            _listener?.Stop();
            current = _current;
            _current = null;
        }
        current?.Dispose();
    }

    private sealed class Connection : IDisposable
    {
        private readonly TcpClient _client;
        private readonly StreamWriter _writer;
        private readonly SemaphoreSlim _writeLock = new(1, 1);

        public Connection(TcpClient client)
        {
            _client = client;
            var stream = client.GetStream();
            Reader = new StreamReader(stream, new UTF8Encoding(false));
            _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
        }

        public StreamReader Reader { get; }

        public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { await _writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false); }
            finally { _writeLock.Release(); }
        }

        public void Dispose() => _client.Dispose();
    }
}
