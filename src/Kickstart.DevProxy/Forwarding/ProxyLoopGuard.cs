using System;
using System.Net.Http;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>
/// Recognises a request this proxy forwarded coming back to it: a server address that leads to the proxy itself
/// (directly, or through another proxy) would otherwise make every request forward itself again without end. Each
/// forwarded request carries this proxy's random id in <see cref="HeaderName"/>, added to the ids already there.
/// </summary>
internal sealed class ProxyLoopGuard
{
    public const string HeaderName = "X-Kickstart-Proxy";

    /// <summary>Random per process: two proxies in a chain (two watches) never take each other's requests for loops.</summary>
    public string Id { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    public bool CameBack(HttpRequest request)
    {
        foreach (string? value in request.Headers[HeaderName])
        {
            foreach (string id in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (id.Equals(Id, StringComparison.Ordinal))
                    return true;
            }
        }
        return false;
    }

    public void Mark(HttpRequestMessage forwarded) => forwarded.Headers.TryAddWithoutValidation(HeaderName, Id);
}
