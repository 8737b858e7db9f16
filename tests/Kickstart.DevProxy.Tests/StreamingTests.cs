using System;
using System.IO;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.DevProxy.Tests.Infrastructure;

namespace Kickstart.DevProxy.Tests;

/// <summary>Streams stay streams: large bodies, Server-Sent Events and WebSockets are never buffered whole.</summary>
public sealed class StreamingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Large_download_arrives_before_the_server_finished_and_intact()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        using HttpResponseMessage response = await Eventually.WithinAsync(
            fixture.Client.GetAsync(fixture.At("/download"), HttpCompletionOption.ResponseHeadersRead), Timeout, "the download's headers");
        await using Stream body = await response.Content.ReadAsStreamAsync();
        Assert.Equal(TestUpstream.DownloadBytes, response.Content.Headers.ContentLength);

        // The server pauses after its first megabyte until told to go on: a buffering proxy would send nothing yet.
        var buffer = new byte[64 * 1024];
        long received = 0;
        while (received < TestUpstream.DownloadBytesBeforePause)
            received += await ReadCheckedAsync(body, buffer, received);
        Assert.False(fixture.Upstream.DownloadFinished);

        fixture.Upstream.LetDownloadFinish();
        int read;
        while ((read = await ReadCheckedAsync(body, buffer, received)) > 0)
            received += read;
        Assert.Equal(TestUpstream.DownloadBytes, received);
    }

    private static async Task<int> ReadCheckedAsync(Stream body, byte[] buffer, long offset)
    {
        int read = await Eventually.WithinAsync(body.ReadAsync(buffer).AsTask(), Timeout, $"download bytes after {offset}");
        for (int i = 0; i < read; i++)
        {
            if (buffer[i] != TestUpstream.DownloadByte(offset + i))
                Assert.Fail($"Byte {offset + i} differs.");
        }
        return read;
    }

    [Fact]
    public async Task Server_sent_events_arrive_one_by_one()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        using EventStreamClient events = await EventStreamClient.OpenAsync(fixture.Client, fixture.At("/sse"));

        // Each event is read before the server is allowed to write the next one.
        for (int i = 1; i <= 3; i++)
        {
            (string name, string data) = await events.ReadEventAsync();
            Assert.Equal(("tick", i.ToString()), (name, data));
            fixture.Upstream.SendNextServerSentEvent();
        }
    }

    [Fact]
    public async Task WebSocket_echo_works_through_the_proxy()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Timeout);
        var url = new UriBuilder(fixture.At("/ws")) { Scheme = "ws" }.Uri;

        await socket.ConnectAsync(url, timeout.Token);
        foreach (string message in new[] { "hello", "second message é" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            var buffer = new byte[1024];
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(message, Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }
}
