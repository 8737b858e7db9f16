using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Kickstart.DevProxy.Tests.Infrastructure;

/// <summary>
/// A small real HTTP server standing in for the Go server: pages, compressed pages, JSON, an echo, a large streamed
/// download, Server-Sent Events and a WebSocket echo. Some endpoints pause until the test lets them go on, so the tests
/// can tell streaming from buffering.
/// </summary>
internal sealed class TestUpstream : IAsyncDisposable
{
    public const string Page = "<!DOCTYPE html><html><head><title>t</title></head><body><h1>Hello é</h1></BODY></html>";
    public const string PageWithTwoBodyEnds = "<html><body><pre>&lt;/body&gt; </body> in text</pre></body>\n</html>";
    public const string PageWithoutBody = "<p>fragment</p>";
    public const int DownloadBytes = 20 * 1024 * 1024;
    public const int DownloadBytesBeforePause = 1024 * 1024;
    public static readonly byte[] JsonBody = Encoding.UTF8.GetBytes("{\"html\":\"</body>\",\"n\":1}");

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _downloadMayFinish = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _nextServerSentEvent = new(0);

    private TestUpstream(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public Uri Url { get; private set; } = null!;

    public bool DownloadFinished { get; private set; }

    public static async Task<TestUpstream> StartAsync(string name, int port = 0)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        WebApplication app = builder.Build();
        var upstream = new TestUpstream(app, name);
        upstream.Map(app);
        await app.StartAsync();
        upstream.Url = new Uri(app.Urls.First());
        return upstream;
    }

    /// <summary>Lets the paused 20 MB download write its remaining bytes.</summary>
    public void LetDownloadFinish() => _downloadMayFinish.TrySetResult();

    /// <summary>Lets the Server-Sent Events endpoint write its next event.</summary>
    public void SendNextServerSentEvent() => _nextServerSentEvent.Release();

    private void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.MapGet("/whoami", () => Name);
        app.MapGet("/host", (HttpContext c) => c.Request.Host.Value);
        app.MapGet("/page", () => Html(Page));
        app.MapGet("/page-two-body-ends", () => Html(PageWithTwoBodyEnds));
        app.MapGet("/page-without-body", () => Html(PageWithoutBody));
        app.MapGet("/page-chunked", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync(Page[..20]);
            await c.Response.Body.FlushAsync(); // no Content-Length: the response is chunked
            await c.Response.WriteAsync(Page[20..]);
        });
        app.MapGet("/page-gzip", (HttpContext c) => Compressed(c, "gzip", s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true)));
        app.MapGet("/page-br", (HttpContext c) => Compressed(c, "br", s => new BrotliStream(s, CompressionLevel.Fastest, leaveOpen: true)));
        app.MapGet("/json", () => Results.Bytes(JsonBody, "application/json"));
        app.MapGet("/redirect", (HttpContext c) => Results.Redirect($"http://{c.Request.Host.Value}/page"));
        app.MapGet("/redirect-upstream", () => Results.Redirect(new Uri(Url, "/page?x=1").AbsoluteUri));
        app.MapGet("/status/{code:int}", (int code) => Results.Text($"status {code}", "text/plain", statusCode: code));
        app.MapPost("/echo", async (HttpContext c) =>
        {
            c.Response.StatusCode = StatusCodes.Status201Created;
            c.Response.ContentType = c.Request.ContentType ?? "application/octet-stream";
            c.Response.Headers["X-Echo-Custom"] = c.Request.Headers["X-Custom"].ToString();
            c.Response.Headers["X-Echo-Method"] = c.Request.Method;
            await c.Request.Body.CopyToAsync(c.Response.Body);
        });
        app.MapGet("/download", DownloadAsync);
        app.MapGet("/sse", ServerSentEventsAsync);
        app.Map("/ws", WebSocketEchoAsync);
    }

    private static IResult Html(string html) => Results.Text(html, "text/html; charset=utf-8", Encoding.UTF8);

    private static async Task Compressed(HttpContext context, string encoding, Func<Stream, Stream> compressor)
    {
        var compressed = new MemoryStream();
        await using (Stream stream = compressor(compressed))
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Page));
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentEncoding = encoding;
        context.Response.ContentLength = compressed.Length;
        await context.Response.Body.WriteAsync(compressed.ToArray());
    }

    /// <summary>Byte i of the download is i mod 251, so the test can check every byte without keeping them.</summary>
    public static byte DownloadByte(long index) => (byte)(index % 251);

    private async Task DownloadAsync(HttpContext context)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = DownloadBytes;
        var buffer = new byte[64 * 1024];
        long written = 0;
        while (written < DownloadBytes)
        {
            if (written == DownloadBytesBeforePause)
            {
                await context.Response.Body.FlushAsync();
                await _downloadMayFinish.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            int count = (int)Math.Min(buffer.Length, DownloadBytes - written);
            for (int i = 0; i < count; i++)
                buffer[i] = DownloadByte(written + i);
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, count));
            written += count;
        }
        DownloadFinished = true;
    }

    private async Task ServerSentEventsAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()!.DisableBuffering();
        for (int i = 1; i <= 3; i++)
        {
            await context.Response.WriteAsync($"event: tick\ndata: {i}\n\n");
            await context.Response.Body.FlushAsync();
            if (i < 3 && !await _nextServerSentEvent.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted))
                return;
        }
    }

    private static async Task WebSocketEchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }
            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        LetDownloadFinish();
        // Open streams (a held SSE request, say) must not keep the test waiting.
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopTimeout.Token);
        await _app.DisposeAsync();
    }
}
