using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Kickstart.DevProxy.Tests.Infrastructure;

namespace Kickstart.DevProxy.Tests;

/// <summary>No request fails while the server restarts: requests wait for it, up to the hold timeout.</summary>
public sealed class HoldTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Requests_sent_during_a_swap_all_reach_the_new_server()
    {
        TestUpstream first = await TestUpstream.StartAsync("first");
        TestUpstream? second = null;
        try
        {
            await using ProxyProcess proxy = await ProxyProcess.StartAsync(first.Url, holdTimeoutMs: 15000);
            using HttpClient client = ProxyFixture.CreateClient();
            Assert.Equal("first", await client.GetStringAsync(new Uri(proxy.Url, "/whoami")));

            proxy.Send("{\"type\":\"restarting\"}");
            Task<HttpResponseMessage> probe = await FirstHeldRequestAsync(client, new Uri(proxy.Url, "/whoami"));

            var gets = Enumerable.Range(0, 8).Select(_ => client.GetAsync(new Uri(proxy.Url, "/whoami"))).Append(probe).ToArray();
            Task<HttpResponseMessage> post = client.PostAsync(new Uri(proxy.Url, "/echo"), new StringContent("posted while restarting", Encoding.UTF8, "text/plain"));
            await first.DisposeAsync();
            await Task.Delay(200);
            second = await TestUpstream.StartAsync("second");
            Assert.All(gets, g => Assert.False(g.IsCompleted));
            proxy.Send($"{{\"type\":\"ready\",\"upstream\":\"{second.Url.AbsoluteUri.TrimEnd('/')}\"}}");

            foreach (Task<HttpResponseMessage> get in gets)
            {
                using HttpResponseMessage response = await Eventually.WithinAsync(get, Timeout, "a held GET");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("second", await response.Content.ReadAsStringAsync());
            }
            using HttpResponseMessage posted = await Eventually.WithinAsync(post, Timeout, "the held POST");
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            Assert.Equal("posted while restarting", await posted.Content.ReadAsStringAsync());
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
                await second.DisposeAsync();
        }
    }

    /// <summary>
    /// The control message travels through a pipe while requests travel through sockets, so a request sent right after
    /// it may still be answered; the first one that is not answered within a moment shows the proxy now holds.
    /// </summary>
    private static async Task<Task<HttpResponseMessage>> FirstHeldRequestAsync(HttpClient client, Uri url)
    {
        Task<HttpResponseMessage>? held = null;
        await Eventually.TrueAsync(async () =>
        {
            Task<HttpResponseMessage> probe = client.GetAsync(url);
            if (await Task.WhenAny(probe, Task.Delay(300)) == probe)
            {
                (await probe).Dispose();
                return false;
            }
            held = probe;
            return true;
        }, Timeout, "the proxy to hold requests");
        return held!;
    }

    [Fact]
    public async Task A_refused_connection_is_retried_until_the_server_listens()
    {
        int port = FreePort.Find();
        await using ProxyProcess proxy = await ProxyProcess.StartAsync(new Uri($"http://127.0.0.1:{port}"), holdTimeoutMs: 15000);
        using HttpClient client = ProxyFixture.CreateClient();

        // No "restarting" was sent: the proxy learns from the refused connection itself, and the POST (which was never
        // sent, since no connection was made) is safe to send again.
        Task<HttpResponseMessage> get = client.GetAsync(new Uri(proxy.Url, "/whoami"));
        Task<HttpResponseMessage> post = client.PostAsync(new Uri(proxy.Url, "/echo"), new StringContent("body", Encoding.UTF8, "text/plain"));
        await Task.Delay(500);
        Assert.False(get.IsCompleted);
        await using TestUpstream upstream = await TestUpstream.StartAsync("late", port);

        using HttpResponseMessage got = await Eventually.WithinAsync(get, Timeout, "the retried GET");
        using HttpResponseMessage posted = await Eventually.WithinAsync(post, Timeout, "the retried POST");
        Assert.Equal("late", await got.Content.ReadAsStringAsync());
        Assert.Equal("body", await posted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_server_the_answer_is_503_after_the_hold_timeout()
    {
        const int holdMs = 800;
        await using ProxyProcess proxy = await ProxyProcess.StartAsync(new Uri($"http://127.0.0.1:{FreePort.Find()}"), holdTimeoutMs: holdMs);
        using HttpClient client = ProxyFixture.CreateClient();

        var stopwatch = Stopwatch.StartNew();
        using HttpResponseMessage response = await Eventually.WithinAsync(client.GetAsync(new Uri(proxy.Url, "/page")), Timeout, "the 503");
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.InRange(stopwatch.ElapsedMilliseconds, holdMs - 50, holdMs + 5000);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"the server did not come back within {holdMs} ms", page);
        Assert.Contains("<script src=\"/_kickstart/reload.js\"></script>", page);
    }

    [Fact]
    public async Task Without_a_hold_timeout_a_request_waits_for_as_long_as_the_server_is_away()
    {
        // "none" is what a watch under a debugger passes (its server may be held at a breakpoint before it listens);
        // given after the 200 ms, it is the one that counts.
        const int otherwiseMs = 200;
        await using ProxyFixture fixture = await ProxyFixture.StartAsync(otherwiseMs, "--hold-timeout-ms", "none");
        Assert.Equal("first", await fixture.Client.GetStringAsync(fixture.At("/whoami")));

        fixture.Proxy.Send("{\"type\":\"restarting\"}");
        Task<HttpResponseMessage> held = await FirstHeldRequestAsync(fixture.Client, fixture.At("/whoami"));
        // Ten times what the hold would have been: still waiting, no 503.
        Assert.NotSame(held, await Task.WhenAny(held, Task.Delay(otherwiseMs * 10)));

        fixture.Proxy.Send("{\"type\":\"ready\"}");
        using HttpResponseMessage response = await Eventually.WithinAsync(held, Timeout, "the held request");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_zero_hold_timeout_holds_nothing()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync(holdTimeoutMs: 0);
        Assert.Equal("first", await fixture.Client.GetStringAsync(fixture.At("/whoami")));

        // Restarting: answered at once, not held (the control message travels through a pipe: wait for it to apply).
        fixture.Proxy.Send("{\"type\":\"restarting\"}");
        var stopwatch = new Stopwatch();
        string page = "";
        await Eventually.TrueAsync(async () =>
        {
            stopwatch.Restart();
            using HttpResponseMessage response = await fixture.Client.GetAsync(fixture.At("/whoami"));
            stopwatch.Stop();
            page = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, Timeout, "a 503 while restarting");
        Assert.True(stopwatch.ElapsedMilliseconds < 2000, $"answered after {stopwatch.ElapsedMilliseconds} ms");
        Assert.Contains("requests are not held", page);

        // A server that is down: answered at once too.
        await fixture.Upstream.DisposeAsync();
        fixture.Proxy.Send("{\"type\":\"ready\"}");
        await Eventually.TrueAsync(async () =>
        {
            stopwatch.Restart();
            using HttpResponseMessage response = await fixture.Client.GetAsync(fixture.At("/whoami"));
            stopwatch.Stop();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, Timeout, "a 503 with the server down");
        Assert.True(stopwatch.ElapsedMilliseconds < 2000, $"answered after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Restarting_without_ready_answers_503_after_the_hold_timeout()
    {
        const int holdMs = 600;
        await using ProxyFixture fixture = await ProxyFixture.StartAsync(holdTimeoutMs: holdMs);
        Assert.Equal("first", await fixture.Client.GetStringAsync(fixture.At("/whoami")));

        fixture.Proxy.Send("{\"type\":\"restarting\"}");

        // The message travels through a pipe: a request or two may still be answered before it is read.
        var stopwatch = new Stopwatch();
        await Eventually.TrueAsync(async () =>
        {
            stopwatch.Restart();
            using HttpResponseMessage response = await fixture.Client.GetAsync(fixture.At("/whoami"));
            return response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, Timeout, "a 503 while restarting");
        Assert.True(stopwatch.ElapsedMilliseconds >= holdMs - 50, $"answered after {stopwatch.ElapsedMilliseconds} ms");
    }
}
