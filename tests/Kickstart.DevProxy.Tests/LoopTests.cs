using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.DevProxy.Tests.Infrastructure;

namespace Kickstart.DevProxy.Tests;

/// <summary>
/// A server address that leads back to the proxy (itself, or through another proxy) is answered 508 at once instead
/// of forwarding without end, and the proxy stays healthy.
/// </summary>
public sealed class LoopTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private const int Requests = 20;

    [Fact]
    public async Task A_proxy_whose_upstream_is_itself_answers_508_and_stays_healthy()
    {
        int port = FreePort.Find();
        var self = new Uri($"http://127.0.0.1:{port}");
        await using ProxyProcess proxy = await ProxyProcess.StartAsync(self, listen: self.AbsoluteUri.TrimEnd('/'));
        using HttpClient client = ProxyFixture.CreateClient();

        for (int i = 0; i < Requests; i++)
        {
            using HttpResponseMessage response = await GetAsync(client, new Uri(proxy.Url, "/page"));
            Assert.Equal(HttpStatusCode.LoopDetected, response.StatusCode);
            Assert.Contains("KickstartServerUrl", await response.Content.ReadAsStringAsync());
        }

        Assert.False(proxy.HasExited);
        if (OperatingSystem.IsLinux())
        {
            int descriptors = Directory.GetFiles($"/proc/{proxy.Id}/fd").Length;
            Assert.True(descriptors < 300, $"the proxy holds {descriptors} file descriptors after {Requests} requests");
        }
        // Pointed at a real server, the same proxy serves it.
        await using TestUpstream upstream = await TestUpstream.StartAsync("real");
        proxy.Send($"{{\"type\":\"ready\",\"upstream\":\"{upstream.Url.AbsoluteUri.TrimEnd('/')}\"}}");
        await Eventually.TrueAsync(async () =>
        {
            using HttpResponseMessage response = await GetAsync(client, new Uri(proxy.Url, "/whoami"));
            return await response.Content.ReadAsStringAsync() == "real";
        }, RequestTimeout, "the proxy to serve the real upstream");
    }

    [Fact]
    public async Task Two_proxies_pointed_at_each_other_answer_508()
    {
        int portA = FreePort.Find(), portB = FreePort.Find();
        Uri a = new($"http://127.0.0.1:{portA}"), b = new($"http://127.0.0.1:{portB}");
        await using ProxyProcess first = await ProxyProcess.StartAsync(b, listen: a.AbsoluteUri.TrimEnd('/'));
        await using ProxyProcess second = await ProxyProcess.StartAsync(a, listen: b.AbsoluteUri.TrimEnd('/'));
        using HttpClient client = ProxyFixture.CreateClient();

        for (int i = 0; i < Requests; i++)
        {
            using HttpResponseMessage response = await GetAsync(client, new Uri(i % 2 == 0 ? first.Url : second.Url, "/page"));
            Assert.Equal(HttpStatusCode.LoopDetected, response.StatusCode);
        }
        Assert.False(first.HasExited);
        Assert.False(second.HasExited);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri url)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            return await client.GetAsync(url, timeout.Token);
        }
        catch (TaskCanceledException)
        {
            throw new TimeoutException($"{url} was not answered within {RequestTimeout.TotalSeconds:0} s.");
        }
    }
}
