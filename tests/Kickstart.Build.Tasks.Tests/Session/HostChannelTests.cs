using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Session;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>The watch's end of the host's channel against a real loopback listener: what goes out, what comes in, what may fail.</summary>
public sealed class HostChannelTests
{
    private const string Token = "s3cret-token";

    [Theory]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData(" 127.0.0.1:5000 ", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("localhost:5000", false)] // a name: resolved anywhere, and the token goes with it
    [InlineData("10.1.2.3:5000", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.1:0", false)]
    [InlineData("127.0.0.1:http", false)]
    [InlineData("", false)]
    public void OnlyALoopbackAddressWithAPortIsAnEndpoint(string value, bool valid)
    {
        Assert.Equal(valid, HostChannel.TryParseEndpoint(value, out IPEndPoint endpoint));
        if (valid)
            Assert.Equal(5000, endpoint.Port);
    }

    [Fact]
    public void TheFirstLineIsHelloWithTheTokenTheProjectAndTheProcess()
    {
        using var host = new TestHost();
        using HostChannel channel = Connect(host);
        using TestHost.Connection connection = host.Accept();

        WatchEvent hello = connection.ReadEvent();
        Assert.Equal(WatchEventKinds.Hello, hello.Kind);
        Assert.Equal(Token, hello.Token);
        Assert.Equal("/src/api/api.proj", hello.Project);
        Assert.Equal(Environment.ProcessId, hello.ProcessId);
    }

    [Fact]
    public void EventsArriveInTheOrderTheyWereSentOneALine()
    {
        using var host = new TestHost();
        using HostChannel channel = Connect(host);
        var events = new HostChannelEvents(channel);
        events.Building(null);
        events.Running("kickstart: built 1 ms → started 2 ms", new Uri("http://127.0.0.1:8080/"), 4242);
        events.BuildFailed("kickstart: … build failed", new[] { "main.go(3,5): error GO1001: undefined: x\nsecond line" }, stillServing: true);
        events.Unchanged("kickstart: … unchanged");
        events.Stopping("kickstart: stopped");

        using TestHost.Connection connection = host.Accept();
        List<WatchEvent> received = Enumerable.Range(0, 6).Select(_ => connection.ReadEvent()).ToList();

        Assert.Equal(new[] { "hello", "building", "running", "build-failed", "unchanged", "stopping" }, received.Select(e => e.Kind));
        Assert.Equal("http://127.0.0.1:8080", received[2].Url);
        Assert.Equal(4242, received[2].ServerProcessId);
        Assert.Equal("main.go(3,5): error GO1001: undefined: x\nsecond line", Assert.Single(received[3].Errors!));
        Assert.True(received[3].StillServing);
        // Stopping is the last event: the watch closes the channel after it.
        Assert.Null(connection.ReadLine());
        Assert.False(channel.IsOpen);
    }

    [Fact]
    public void RestartAndRebuildAreHandedOverAnythingElseIsIgnored()
    {
        using var host = new TestHost();
        using HostChannel channel = Connect(host);
        var commands = new BlockingCollection<string>();
        new HostChannelEvents(channel).Listen(() => commands.Add("restart"), () => commands.Add("rebuild"));
        using TestHost.Connection connection = host.Accept();

        connection.WriteLine("not json");
        connection.WriteLine("{\"name\":\"frobnicate\"}");
        connection.WriteLine("{\"name\":\"restart\"}");
        connection.WriteLine("{}");
        connection.WriteLine(WatchControlContract.Serialize(new WatchCommand { Name = WatchCommandNames.Rebuild }));
        connection.WriteLine("{\"name\":\"restart\"}");

        Assert.Equal(new[] { "restart", "rebuild", "restart" }, Enumerable.Range(0, 3).Select(_ => Take(commands)));
    }

    [Fact]
    public void AHostThatWentAwayEndsTheChannelQuietly()
    {
        using var host = new TestHost();
        using HostChannel channel = Connect(host);
        var commands = new BlockingCollection<string>();
        new HostChannelEvents(channel).Listen(() => commands.Add("restart"), () => commands.Add("rebuild"));
        using (TestHost.Connection connection = host.Accept())
            Assert.Equal(WatchEventKinds.Hello, connection.ReadEvent().Kind);

        Assert.True(System.Threading.SpinWait.SpinUntil(() => !channel.IsOpen, Within.Deadline), "the channel did not see the host gone");
        var events = new HostChannelEvents(channel);
        for (int i = 0; i < 100; i++)
            events.Building("change " + i); // nothing to write to: dropped, no exception
        events.Stopping("kickstart: stopped");
        Assert.Empty(commands);
    }

    [Fact]
    public void AHostThatCannotBeReachedIsNoChannelAndSaysWhy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop(); // nothing listens there any more

        HostChannel? channel = HostChannel.Connect(closed, Token, "/src/api/api.proj", _ => { }, out string failure);

        Assert.Null(channel);
        Assert.Contains("refused", failure, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A host that stops reading: its socket buffers fill, the writer waits, and the queue fills — and sending still
    /// returns at once, dropping the oldest events (said once). Once the host reads again, the newest events arrive.
    /// </summary>
    [Fact]
    public async Task AFullQueueDropsTheOldestEventsAndSendingNeverWaits()
    {
        using var host = new TestHost();
        var details = new ConcurrentQueue<string>();
        using HostChannel channel = HostChannel.Connect(host.Endpoint, Token, "/src/api/api.proj", details.Enqueue, out _, capacity: 8)!;
        using TestHost.Connection connection = host.Accept(); // accepted, never read until the end
        string big = new string('x', 16 * 1024);
        const int Sent = 2000; // 32 MB: more than any loopback socket's buffers hold

        Task sending = Task.Run(() =>
        {
            for (int i = 0; i < Sent; i++)
                channel.Send(new WatchEvent { Kind = WatchEventKinds.Building, Message = i + " " + big });
        });
        Assert.True(await sending.CompletesWithin(Within.Deadline), "sending waited for a host that does not read");

        Assert.Equal(new[] { WatchStatusLines.HostChannelBehind }, details);
        var numbers = new List<int>();
        Assert.Equal(WatchEventKinds.Hello, connection.ReadEvent().Kind);
        while (numbers.LastOrDefault() != Sent - 1)
            numbers.Add(int.Parse(connection.ReadEvent().Message!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(numbers.Count < Sent, "nothing was dropped");
        Assert.Equal(numbers.OrderBy(n => n), numbers);
    }

    private static HostChannel Connect(TestHost host) =>
        HostChannel.Connect(host.Endpoint, Token, "/src/api/api.proj", _ => { }, out string failure) ?? throw new InvalidOperationException(failure);

    private static string Take(BlockingCollection<string> commands) =>
        commands.TryTake(out string? command, Within.Deadline) ? command : throw new TimeoutException("no command within " + Within.Deadline);

    /// <summary>A host's listener on a loopback port of its own.</summary>
    private sealed class TestHost : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public TestHost() => _listener.Start();

        public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

        public Connection Accept()
        {
            Task<TcpClient> accepted = _listener.AcceptTcpClientAsync();
            if (!accepted.Wait(Within.Deadline))
                throw new TimeoutException("the watch did not connect");
            return new Connection(accepted.Result);
        }

        public void Dispose() => _listener.Stop();

        public sealed class Connection : IDisposable
        {
            private readonly TcpClient _client;
            private readonly StreamReader _reader;

            public Connection(TcpClient client)
            {
                _client = client;
                _client.ReceiveTimeout = (int)Within.Deadline.TotalMilliseconds; // a read that waits longer fails the test
                _reader = new StreamReader(client.GetStream(), new UTF8Encoding(false));
            }

            public string? ReadLine() => _reader.ReadLine();

            public WatchEvent ReadEvent()
            {
                string line = ReadLine() ?? throw new EndOfStreamException("the watch closed the channel");
                return WatchControlContract.ParseEvent(line) ?? throw new InvalidDataException("not an event: " + line);
            }

            public void WriteLine(string line)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
                _client.GetStream().Write(bytes, 0, bytes.Length);
            }

            public void Dispose()
            {
                _reader.Dispose();
                _client.Dispose();
            }
        }
    }
}

internal static class TaskDeadlines
{
    public static async Task<bool> CompletesWithin(this Task task, TimeSpan deadline) =>
        await Task.WhenAny(task, Task.Delay(deadline)).ConfigureAwait(false) == task;
}
