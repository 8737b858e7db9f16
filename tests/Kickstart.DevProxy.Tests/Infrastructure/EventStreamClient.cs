using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.DevProxy.Tests.Infrastructure;

/// <summary>A minimal Server-Sent Events reader, like a browser's EventSource without the reconnecting.</summary>
internal sealed class EventStreamClient : IDisposable
{
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream and returns once the response headers arrived.</summary>
    public static async Task<EventStreamClient> OpenAsync(HttpClient client, Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        HttpResponseMessage response = await Eventually.WithinAsync(
            client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead), EventTimeout, $"the headers of {url}");
        response.EnsureSuccessStatusCode();
        return new EventStreamClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Reads the next block, comment blocks included (Name is null for them): the proxy's first block means "subscribed".</summary>
    public async Task<(string? Name, string? Data)> ReadBlockAsync()
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        string? name = null;
        StringBuilder? data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No event arrived within {EventTimeout.TotalSeconds:0} s.");
            }
            if (line is null)
                throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
                return (name ?? (data is null ? null : "message"), data?.ToString());
            if (line.StartsWith("event:", StringComparison.Ordinal))
                name = line["event:".Length..].TrimStart();
            else if (line.StartsWith("data:", StringComparison.Ordinal))
                (data ??= new StringBuilder()).Append(data.Length > 0 ? "\n" : "").Append(line["data:".Length..].TrimStart());
        }
    }

    /// <summary>Reads the next real event, skipping comment and retry blocks.</summary>
    public async Task<(string Name, string Data)> ReadEventAsync()
    {
        while (true)
        {
            (string? name, string? data) = await ReadBlockAsync();
            if (name is not null)
                return (name, data ?? "");
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
