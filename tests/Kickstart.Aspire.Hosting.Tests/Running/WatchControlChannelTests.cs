using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Kickstart.Aspire.Hosting.Running;
using Kickstart.Contracts;

namespace Kickstart.Aspire.Hosting.Tests.Running;

/// <summary>The channel's host side on a real socket, a test client standing in for the watch.</summary>
public sealed class WatchControlChannelTests
{
    private sealed class Recorder : IWatchChannelObserver
    {
        public readonly BlockingCollection<string> Seen = new();

        public Task OnConnectedAsync(WatchEvent hello) { Seen.Add("connected " + hello.ProcessId); return Task.CompletedTask; }
        public Task OnEventAsync(WatchEvent e) { Seen.Add("event " + e.Kind); return Task.CompletedTask; }
        public Task OnDisconnectedAsync() { Seen.Add("disconnected"); return Task.CompletedTask; }
        public void Warn(string message) => Seen.Add("warn " + message);

        public string Next() => Seen.TryTake(out var s, Deadlines.Condition) ? s : throw new TimeoutException("nothing from the channel");
    }

    private static async Task<(TcpClient, StreamReader, StreamWriter)> ConnectAsync(string endpoint)
    {
        var client = new TcpClient();
        int colon = endpoint.LastIndexOf(':');
        await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..]));
        var stream = client.GetStream();
        return (client, new StreamReader(stream, Encoding.UTF8), new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true });
    }

    [Fact]
    public async Task A_hello_without_the_token_is_KS3004_and_the_connection_is_closed()
    {
        using var channel = new WatchControlChannel();
        var recorder = new Recorder();
        string endpoint = channel.Start(recorder);

        var (client, reader, writer) = await ConnectAsync(endpoint);
        using (client)
        {
            await writer.WriteLineAsync(WatchControlContract.Serialize(new WatchEvent { Kind = WatchEventKinds.Hello, Token = "wrong" }));
            Assert.StartsWith("warn KS3004: ", recorder.Next());
            Assert.Null(await reader.ReadLineAsync().WaitAsync(Deadlines.Condition)); // closed by the host
            Assert.False(channel.IsConnected);
            Assert.False(await channel.SendAsync(WatchCommandNames.Restart, default));
        }
    }

    [Fact]
    public async Task After_the_hello_events_reach_the_observer_and_commands_reach_the_watch()
    {
        using var channel = new WatchControlChannel();
        var recorder = new Recorder();
        string endpoint = channel.Start(recorder);

        var (client, reader, writer) = await ConnectAsync(endpoint);
        using (client)
        {
            await writer.WriteLineAsync(WatchControlContract.Serialize(new WatchEvent { Kind = WatchEventKinds.Hello, Token = channel.Token, ProcessId = 42 }));
            Assert.Equal("connected 42", recorder.Next());
            Assert.True(channel.IsConnected);

            await writer.WriteLineAsync("not json");
            await writer.WriteLineAsync(WatchControlContract.Serialize(new WatchEvent { Kind = WatchEventKinds.Building }));
            Assert.Equal("event building", recorder.Next());

            Assert.True(await channel.SendAsync(WatchCommandNames.Rebuild, default));
            string? line = await reader.ReadLineAsync().WaitAsync(Deadlines.Condition);
            Assert.Equal(WatchCommandNames.Rebuild, WatchControlContract.ParseCommand(line!)!.Name);
        }
        Assert.Equal("disconnected", recorder.Next());
        Assert.False(channel.IsConnected);
    }
}
