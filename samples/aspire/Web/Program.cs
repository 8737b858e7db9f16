using System.Net;
using System.Text.Json;

// The Go service's address comes from the app host (services__api__http__0, from WithReference(api)); service
// discovery turns http://api into it.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddServiceDiscovery();
builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());
builder.Services.AddHttpClient("api", client => client.BaseAddress = new Uri("http://api"));

var app = builder.Build();

app.MapGet("/", async (IHttpClientFactory clients, CancellationToken cancel) =>
{
    string status;
    try
    {
        using var json = JsonDocument.Parse(await clients.CreateClient("api").GetStringAsync("/api/status", cancel));
        status = json.RootElement.GetProperty("greeting").GetString() + " (version " + json.RootElement.GetProperty("version").GetString() + ")";
    }
    catch (HttpRequestException e)
    {
        status = "the Go service did not answer: " + e.Message;
    }
    return Results.Content($"<!doctype html><title>Kickstart + Aspire</title><h1>The Go service says</h1><p id=\"status\">{WebUtility.HtmlEncode(status)}</p>", "text/html");
});
app.MapGet("/healthz", () => "ok");

app.Run();
