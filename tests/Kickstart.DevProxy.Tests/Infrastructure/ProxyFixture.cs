using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Kickstart.DevProxy.Tests.Infrastructure;

/// <summary>One upstream and one proxy in front of it, for a single test; disposing stops both.</summary>
internal sealed class ProxyFixture : IAsyncDisposable
{
    private ProxyFixture(TestUpstream upstream, ProxyProcess proxy)
    {
        Upstream = upstream;
        Proxy = proxy;
        Client = CreateClient();
    }

    public TestUpstream Upstream { get; }

    public ProxyProcess Proxy { get; }

    public HttpClient Client { get; }

    public static async Task<ProxyFixture> StartAsync(int holdTimeoutMs = 5000, params string[] moreArguments)
    {
        TestUpstream upstream = await TestUpstream.StartAsync("first");
        try
        {
            return new ProxyFixture(upstream, await ProxyProcess.StartAsync(upstream.Url, holdTimeoutMs, "http://127.0.0.1:0", moreArguments));
        }
        catch
        {
            await upstream.DisposeAsync();
            throw;
        }
    }

    public Uri At(string pathAndQuery) => new(Proxy.Url, pathAndQuery);

    /// <summary>A client that sees bytes as sent: no decompression, no redirects, no proxy of its own.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Proxy.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
