using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Kickstart.DevProxy.Tests.Infrastructure;

namespace Kickstart.DevProxy.Tests;

/// <summary>HTML pages get the reload script, with headers that still describe the body exactly.</summary>
public sealed class HtmlInjectionTests
{
    private const string Script = "<script src=\"/_kickstart/reload.js\"></script>";

    [Theory]
    [InlineData("/page", "<!DOCTYPE html><html><head><title>t</title></head><body><h1>Hello é</h1>" + Script + "</BODY></html>")]
    [InlineData("/page-two-body-ends", "<html><body><pre>&lt;/body&gt; </body> in text</pre>" + Script + "</body>\n</html>")]
    [InlineData("/page-without-body", "<p>fragment</p>" + Script)]
    [InlineData("/page-chunked", "<!DOCTYPE html><html><head><title>t</title></head><body><h1>Hello é</h1>" + Script + "</BODY></html>")]
    public async Task Script_goes_before_the_last_body_end_tag_and_content_length_matches(string path, string expected)
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        using HttpResponseMessage response = await fixture.Client.GetAsync(fixture.At(path));

        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(expected, Encoding.UTF8.GetString(body));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/page-gzip", "gzip")]
    [InlineData("/page-br", "br")]
    public async Task Compressed_page_is_sent_decompressed_with_the_script(string path, string encoding)
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, fixture.At(path));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using HttpResponseMessage response = await fixture.Client.SendAsync(request);

        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(TestUpstream.Page.Replace("</BODY>", Script + "</BODY>"), Encoding.UTF8.GetString(body));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Reload_script_is_served_by_the_proxy_and_builds_the_overlay_from_text()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        using HttpResponseMessage response = await fixture.Client.GetAsync(fixture.At("/_kickstart/reload.js"));

        string script = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("new EventSource('/_kickstart/events')", script);
        Assert.Contains("textContent", script);
        Assert.DoesNotContain("innerHTML", script);
    }
}
