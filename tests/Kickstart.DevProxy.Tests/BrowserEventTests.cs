using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Kickstart.DevProxy.Tests.Infrastructure;

namespace Kickstart.DevProxy.Tests;

/// <summary>What the pages are told over <c>/_kickstart/events</c> when the Watch task reports a build or a restart.</summary>
public sealed class BrowserEventTests
{
    private const string FailedBuild =
        "{\"type\":\"buildFailed\",\"errors\":[{\"file\":\"/abs/x.go\",\"line\":12,\"column\":5,\"message\":\"undefined: x\"}," +
        "{\"file\":\"/abs/y.go\",\"line\":3,\"column\":1,\"message\":\"<script>alert(1)</script>\\nsecond line\"}]}";

    [Fact]
    public async Task Build_errors_reach_open_and_new_pages_and_are_cleared()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        using EventStreamClient early = await OpenSubscribedAsync(fixture);

        fixture.Proxy.Send(FailedBuild);
        (string name, string data) = await early.ReadEventAsync();
        Assert.Equal("errors", name);
        AssertErrors(data);

        // A page loaded after the failure sees the errors at once.
        using EventStreamClient late = await EventStreamClient.OpenAsync(fixture.Client, fixture.At("/_kickstart/events"));
        (string lateName, string lateData) = await late.ReadEventAsync();
        Assert.Equal("errors", lateName);
        AssertErrors(lateData);

        fixture.Proxy.Send("{\"type\":\"buildSucceeded\"}");
        Assert.Equal("clear", (await early.ReadEventAsync()).Name);
        Assert.Equal("clear", (await late.ReadEventAsync()).Name);

        // And one loaded after the fix sees nothing: its first block is the greeting, then the next real event.
        using EventStreamClient afterFix = await OpenSubscribedAsync(fixture);
        fixture.Proxy.Send("{\"type\":\"ready\"}");
        Assert.Equal("reload", (await afterFix.ReadEventAsync()).Name);
    }

    [Fact]
    public async Task Ready_tells_every_page_to_reload()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        using EventStreamClient first = await OpenSubscribedAsync(fixture);
        using EventStreamClient second = await OpenSubscribedAsync(fixture);

        fixture.Proxy.Send("{\"type\":\"restarting\"}");
        fixture.Proxy.Send($"{{\"type\":\"ready\",\"upstream\":\"{fixture.Upstream.Url.AbsoluteUri.TrimEnd('/')}\"}}");

        Assert.Equal("reload", (await first.ReadEventAsync()).Name);
        Assert.Equal("reload", (await second.ReadEventAsync()).Name);
        Assert.Equal("first", await fixture.Client.GetStringAsync(fixture.At("/whoami")));
    }

    [Fact]
    public async Task A_static_file_reload_tells_pages_to_reload_and_keeps_the_overlay_for_new_ones()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        fixture.Proxy.Send(FailedBuild);
        using EventStreamClient page = await EventStreamClient.OpenAsync(fixture.Client, fixture.At("/_kickstart/events"));
        Assert.Equal("errors", (await page.ReadEventAsync()).Name);

        fixture.Proxy.Send("{\"type\":\"reloadPages\",\"paths\":[\"static/app.js\"]}");
        (string name, string data) = await page.ReadEventAsync();
        Assert.Equal("reload", name);
        Assert.Equal("{\"paths\":[\"static/app.js\"]}", data);

        // Nothing was built: a page loaded now still shows what the last build said.
        using EventStreamClient late = await EventStreamClient.OpenAsync(fixture.Client, fixture.At("/_kickstart/events"));
        Assert.Equal("errors", (await late.ReadEventAsync()).Name);
    }

    [Fact]
    public async Task Changed_stylesheets_reach_every_page_by_path()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        using EventStreamClient first = await OpenSubscribedAsync(fixture);
        using EventStreamClient second = await OpenSubscribedAsync(fixture);

        fixture.Proxy.Send("{\"type\":\"swapStylesheets\",\"paths\":[\"static/site.css\",\"a \\\"b\\\".css\"]}");

        foreach (EventStreamClient page in new[] { first, second })
        {
            (string name, string data) = await page.ReadEventAsync();
            Assert.Equal("stylesheets", name);
            Assert.Equal(new[] { "static/site.css", "a \"b\".css" }, JsonSerializer.Deserialize<string[]>(data));
        }
    }

    [Fact]
    public async Task A_malformed_control_line_is_reported_and_ignored()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        using EventStreamClient page = await OpenSubscribedAsync(fixture);

        fixture.Proxy.Send("this is not json");
        fixture.Proxy.Send("{\"type\":\"somethingNew\"}");
        // Known types with what the proxy cannot use: nothing of them is applied (no reload, no overlay).
        fixture.Proxy.Send("{\"type\":\"ready\",\"upstream\":\"ftp://127.0.0.1:21\"}");
        fixture.Proxy.Send("{\"type\":\"buildFailed\"}");
        fixture.Proxy.Send("{\"type\":\"ready\"}");

        Assert.Equal("reload", (await page.ReadEventAsync()).Name);
        await Eventually.TrueAsync(() => fixture.Proxy.StandardError.Length >= 4, TimeSpan.FromSeconds(10), "four warnings");
        Assert.Equal(4, fixture.Proxy.StandardError.Length);
        Assert.All(fixture.Proxy.StandardError, line => Assert.StartsWith("kickstart-proxy: warning: ignored a control message", line));
        Assert.False(fixture.Proxy.HasExited);
        Assert.Equal("first", await fixture.Client.GetStringAsync(fixture.At("/whoami"))); // the upstream it had
    }

    /// <summary>Opens the stream and waits for the proxy's first block, which it writes only after subscribing the page.</summary>
    private static async Task<EventStreamClient> OpenSubscribedAsync(ProxyFixture fixture)
    {
        EventStreamClient client = await EventStreamClient.OpenAsync(fixture.Client, fixture.At("/_kickstart/events"));
        Assert.Equal("text/event-stream", client.Response.Content.Headers.ContentType?.MediaType);
        (string? name, _) = await client.ReadBlockAsync();
        Assert.Null(name);
        return client;
    }

    private static void AssertErrors(string data)
    {
        using JsonDocument document = JsonDocument.Parse(data);
        JsonElement errors = document.RootElement;
        Assert.Equal(2, errors.GetArrayLength());
        Assert.Equal("/abs/x.go", errors[0].GetProperty("file").GetString());
        Assert.Equal(12, errors[0].GetProperty("line").GetInt32());
        Assert.Equal(5, errors[0].GetProperty("column").GetInt32());
        Assert.Equal("undefined: x", errors[0].GetProperty("message").GetString());
        Assert.Equal("<script>alert(1)</script>\nsecond line", errors[1].GetProperty("message").GetString());
    }
}
