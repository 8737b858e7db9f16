using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>
/// How a client to the Go server is set up, as a proxy needs it: nothing added, nothing interpreted. Each one has a
/// connection pool of its own; <see cref="UpstreamConnectionPools"/> decides when a new one is needed.
/// </summary>
internal static class UpstreamClientFactory
{
    public static HttpMessageInvoker Create() => new(new SocketsHttpHandler
    {
        UseProxy = false, // loopback only: an HTTP_PROXY of the developer's must not be in the way
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        // On loopback a connect either works at once or is refused; a short timeout only guards against oddities.
        ConnectTimeout = TimeSpan.FromSeconds(2),
        // Idle connections to a server that was replaced are useless: let them go soon.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10),
    }, disposeHandler: true);
}
