using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>
/// One connection pool (one client from <see cref="UpstreamClientFactory"/>) per server generation. A pooled keep-alive connection to the server being replaced is a trap:
/// the old server closes it as idle while it shuts down, and a request sent on it at that moment is lost. Starting each
/// generation with an empty pool means new requests only ever open connections to the server that is there now.
/// </summary>
internal sealed class UpstreamConnectionPools
{
    // Long enough for streams to the old server to have ended (it is gone); disposing aborts whatever still runs on it.
    private static readonly TimeSpan RetireAfter = TimeSpan.FromMinutes(2);
    private readonly object _lock = new();
    private HttpMessageInvoker _client = UpstreamClientFactory.Create();
    private int _generation;

    /// <summary>The client whose pool holds connections to the server of <paramref name="generation"/> only.</summary>
    public HttpMessageInvoker For(int generation)
    {
        HttpMessageInvoker? retired = null;
        HttpMessageInvoker current;
        lock (_lock)
        {
            if (generation > _generation)
            {
                retired = _client;
                _client = UpstreamClientFactory.Create();
                _generation = generation;
            }
            current = _client;
        }
        if (retired is not null)
            _ = RetireAsync(retired);
        return current;
    }

    private static async Task RetireAsync(HttpMessageInvoker client)
    {
        await Task.Delay(RetireAfter).ConfigureAwait(false);
        client.Dispose();
    }
}
