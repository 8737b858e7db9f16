using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Kickstart.DevProxy.Tests.Infrastructure;

namespace Kickstart.DevProxy.Tests;

/// <summary>Everything that is not an HTML page goes through exactly as the server sent it.</summary>
public sealed class PassThroughTests
{
    [Fact]
    public async Task Non_html_bytes_and_headers_are_untouched()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        using HttpResponseMessage direct = await fixture.Client.GetAsync(new Uri(fixture.Upstream.Url, "/json"));
        using HttpResponseMessage proxied = await fixture.Client.GetAsync(fixture.At("/json"));

        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), await proxied.Content.ReadAsByteArrayAsync());
        Assert.Equal(TestUpstream.JsonBody, await proxied.Content.ReadAsByteArrayAsync());
        Assert.Equal(direct.Content.Headers.ContentLength, proxied.Content.Headers.ContentLength);
        Assert.Equal("application/json", proxied.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_body_custom_headers_and_status_pass_through()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        byte[] payload = new byte[3 * 1024 * 1024];
        new Random(42).NextBytes(payload);
        var request = new HttpRequestMessage(HttpMethod.Post, fixture.At("/echo")) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-test");
        request.Headers.Add("X-Custom", "kickstart value");

        using HttpResponseMessage response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("kickstart value", response.Headers.GetValues("X-Echo-Custom").Single());
        Assert.Equal("POST", response.Headers.GetValues("X-Echo-Method").Single());
        Assert.Equal("application/x-test", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(418)]
    [InlineData(500)]
    [InlineData(502)]
    public async Task Status_codes_pass_through(int status)
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        using HttpResponseMessage response = await fixture.Client.GetAsync(fixture.At($"/status/{status}"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"status {status}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Server_sees_the_browser_host_and_its_redirects_point_at_the_proxy()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        string proxyAuthority = fixture.Proxy.Url.Authority;

        using HttpResponseMessage host = await fixture.Client.GetAsync(fixture.At("/host"));
        using HttpResponseMessage redirect = await fixture.Client.GetAsync(fixture.At("/redirect-upstream"));

        Assert.Equal(proxyAuthority, await host.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(new Uri(fixture.Proxy.Url, "/page?x=1"), redirect.Headers.Location);
    }

    [Fact]
    public async Task Unknown_reserved_path_is_not_forwarded()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        using HttpResponseMessage response = await fixture.Client.GetAsync(fixture.At("/_kickstart/whoami"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
