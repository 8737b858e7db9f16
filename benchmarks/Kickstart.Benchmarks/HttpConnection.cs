using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kickstart.Benchmarks;
/// <summary>A request that did not get a whole HTTP response; <see cref="Kind"/> names how it failed.</summary>
internal sealed class HttpFailure : Exception
{
    public HttpFailure(string kind, Exception? inner = null) : base(kind, inner) => Kind = kind;
    public string Kind { get; }
}

/// <summary>
/// A minimal HTTP/1.1 client on one raw socket (no HttpClient, no pool): keep-alive or one request per connection
/// (`Connection: close`, then closed with RST so thousands of connections leave no TIME_WAIT). Reads Content-Length
/// and chunked bodies.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private readonly int _port;
    private readonly bool _keepAlive;
    private readonly int _receiveTimeoutMs;
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;

    public HttpConnection(int port, bool keepAlive, int receiveTimeoutMs)
    {
        _port = port;
        _keepAlive = keepAlive;
        _receiveTimeoutMs = receiveTimeoutMs;
    }

    public int Connects { get; private set; }
    public bool IsOpen => _socket is not null;

    public (int Status, string Body) Get(string path)
    {
        bool reused = _socket is not null;
        try
        {
            if (_socket is null)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                {
                    NoDelay = true,
                    ReceiveTimeout = _receiveTimeoutMs,
                    SendTimeout = _receiveTimeoutMs,
                    LingerState = new LingerOption(true, 0),
                };
                _socket = s;
                _start = _end = 0;
                s.Connect(new IPEndPoint(IPAddress.Loopback, _port));
                Connects++;
            }
            _socket.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\n{(_keepAlive ? "" : "Connection: close\r\n")}\r\n"));
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd()) < 0)
            {
                if (!Fill())
                    throw new HttpFailure(_end - _start == 0 ? (reused ? "closed before response (reused connection)" : "closed before response") : "closed mid-response");
            }
            string head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
            _start = headerEnd + 4;
            string[] lines = head.Split("\r\n");
            if (lines[0].Length < 12 || !lines[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(lines[0].AsSpan(9, 3), out int status))
                throw new HttpFailure("malformed response");
            long contentLength = -1;
            bool chunked = false, close = false;
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                if (colon < 0) continue;
                string name = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = long.Parse(value);
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) close = value.Contains("close", StringComparison.OrdinalIgnoreCase);
            }
            var body = new MemoryStream();
            if (chunked)
            {
                while (true)
                {
                    string sizeLine = ReadLine();
                    int size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                    if (size == 0)
                    {
                        while (ReadLine().Length > 0) { } // trailers, then the empty line
                        break;
                    }
                    ReadBytes(size, body);
                    ReadLine();
                }
            }
            else if (contentLength >= 0)
            {
                ReadBytes(contentLength, body);
            }
            else if (status is not (204 or 304) && status >= 200)
            {
                while (true)
                {
                    if (_end > _start) { body.Write(_buffer, _start, _end - _start); _start = _end; }
                    if (!Fill()) break;
                }
                close = true;
            }
            if (close || !_keepAlive)
                Dispose();
            return (status, Encoding.UTF8.GetString(body.ToArray()));
        }
        catch (SocketException e)
        {
            Dispose();
            throw new HttpFailure(e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.ConnectionReset => reused ? "connection reset (reused connection)" : "connection reset",
                SocketError.TimedOut or SocketError.WouldBlock => "timeout",
                _ => e.SocketErrorCode.ToString(),
            }, e);
        }
        catch (HttpFailure)
        {
            Dispose();
            throw;
        }
    }

    private int IndexOfHeaderEnd()
    {
        for (int i = _start; i + 3 < _end; i++)
            if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                return i;
        return -1;
    }

    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2);
        int n = _socket!.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (n <= 0) return false;
        _end += n;
        return true;
    }

    private string ReadLine()
    {
        while (true)
        {
            for (int i = _start; i + 1 < _end; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n')
                {
                    string line = Encoding.ASCII.GetString(_buffer, _start, i - _start);
                    _start = i + 2;
                    return line;
                }
            }
            if (!Fill()) throw new HttpFailure("closed mid-response");
        }
    }

    private void ReadBytes(long count, Stream into)
    {
        while (count > 0)
        {
            if (_end == _start && !Fill()) throw new HttpFailure("closed mid-response");
            int take = (int)Math.Min(count, _end - _start);
            into.Write(_buffer, _start, take);
            _start += take;
            count -= take;
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }
}
