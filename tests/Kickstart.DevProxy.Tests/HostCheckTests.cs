using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.DevProxy.Tests.Infrastructure;

namespace Kickstart.DevProxy.Tests;

/// <summary>
/// The proxy answers only under its own names, so a page that rebinds its DNS name to 127.0.0.1 can read neither the
/// app nor the build errors; and only pages of those names may read <c>/_kickstart/</c>.
/// </summary>
public sealed class HostCheckTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> EveryKindOfPath => new() { "/whoami", "/page", "/_kickstart/events", "/_kickstart/reload.js", "/_kickstart/whoami" };

    [Theory]
    [MemberData(nameof(EveryKindOfPath))]
    public async Task A_foreign_host_is_refused_on_every_path(string path)
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        foreach (string host in new[] { "evil.example", $"evil.example:{fixture.Proxy.Url.Port}", "127.0.0.1.evil.example", "localhost.evil.example" })
        {
            using HttpResponseMessage response = await SendAsync(fixture.Client, fixture.At(path), host, origin: "http://evil.example");

            Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
            string body = await response.Content.ReadAsStringAsync();
            Assert.Contains("KickstartProxyAllowedHosts", body);
            Assert.DoesNotContain("first", body);
        }
    }

    [Fact]
    public async Task The_proxy_s_own_names_are_served()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        int port = fixture.Proxy.Url.Port;

        foreach (string host in new[] { $"127.0.0.1:{port}", "127.0.0.1", $"127.4.5.6:{port}", $"localhost:{port}", "LOCALHOST", "localhost.",
                     $"app.localhost:{port}", $"[::1]:{port}", "[::1]" })
        {
            using HttpResponseMessage page = await SendAsync(fixture.Client, fixture.At("/whoami"), host);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("first", await page.Content.ReadAsStringAsync());
            using HttpResponseMessage events = await SendAsync(fixture.Client, fixture.At("/_kickstart/events"), host, origin: $"http://{host}");
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("https://evil.example:8443")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1.evil.example")]
    public async Task Another_site_s_page_may_not_read_the_reserved_paths(string origin)
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        foreach (string path in new[] { "/_kickstart/events", "/_kickstart/reload.js" })
        {
            using HttpResponseMessage response = await SendAsync(fixture.Client, fixture.At(path), host: null, origin);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
            Assert.Contains("KickstartProxyAllowedHosts", await response.Content.ReadAsStringAsync());
        }
        // The app decides for itself which origins it serves.
        using HttpResponseMessage app = await SendAsync(fixture.Client, fixture.At("/whoami"), host: null, origin);
        Assert.Equal("first", await app.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_page_of_another_local_port_may_read_the_reserved_paths()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        using HttpResponseMessage events = await SendAsync(fixture.Client, fixture.At("/_kickstart/events"), host: null, origin: "http://localhost:3000");

        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
    }

    [Fact]
    public async Task A_websocket_under_a_foreign_host_is_refused_and_under_its_own_name_goes_through()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        Assert.StartsWith("HTTP/1.1 421", await WebSocketHandshakeAsync(fixture.Proxy.Url, "evil.example", "http://evil.example"));
        Assert.StartsWith("HTTP/1.1 101", await WebSocketHandshakeAsync(fixture.Proxy.Url, fixture.Proxy.Url.Authority, fixture.Proxy.Url.GetLeftPart(UriPartial.Authority)));
    }

    [Fact]
    public async Task Names_given_on_the_command_line_are_served_and_no_others()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync(5000, "--allowed-hosts", "dev.example.test; *.apps.example.test;[fd00::1]");

        foreach (string host in new[] { "dev.example.test", "DEV.example.test:8080", "a.apps.example.test", "b.c.apps.example.test:1", "[fd00::1]:99" })
        {
            using HttpResponseMessage page = await SendAsync(fixture.Client, fixture.At("/whoami"), host);
            Assert.Equal("first", await page.Content.ReadAsStringAsync());
        }
        using (HttpResponseMessage events = await SendAsync(fixture.Client, fixture.At("/_kickstart/events"), "dev.example.test", origin: "http://dev.example.test:8080"))
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        foreach (string host in new[] { "apps.example.test", "example.test", "dev.example.test.evil.example", "[fd00::2]" })
        {
            using HttpResponseMessage refused = await SendAsync(fixture.Client, fixture.At("/whoami"), host);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
        }
    }

    /// <summary>A request with the given Host and Origin, answered as soon as its headers arrive (an event stream never ends).</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri url, string? host, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null)
            request.Headers.Host = host;
        if (origin is not null)
            request.Headers.TryAddWithoutValidation("Origin", origin);
        return await Eventually.WithinAsync(client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead), Timeout, $"{url} with Host {host}");
    }

    /// <summary>The status line of a WebSocket handshake for <c>/ws</c>, written by hand so Host and Origin are exactly these.</summary>
    private static async Task<string> WebSocketHandshakeAsync(Uri proxy, string host, string origin)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, proxy.Port, timeout.Token);
        NetworkStream stream = socket.GetStream();
        string handshake = $"GET /ws HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(timeout.Token) ?? "";
    }
}
