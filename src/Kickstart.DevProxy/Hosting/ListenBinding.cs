using System;
using System.Net;
using Kickstart.Contracts;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Kickstart.DevProxy.Hosting;

/// <summary>Binds Kestrel to the listen URL and nothing else (ASPNETCORE_URLS and the like are overridden).</summary>
internal static class ListenBinding
{
    public static void Apply(KestrelServerOptions kestrel, Uri listen)
    {
        int port = listen.Port;
        if (listen.IsLoopback && !IPAddress.TryParse(listen.IdnHost, out _))
        {
            // "localhost": both loopback addresses, as a browser may try either; a free port must be one address.
            if (port == 0)
                kestrel.Listen(IPAddress.Loopback, 0);
            else
                kestrel.ListenLocalhost(port);
            return;
        }
        if (!IPAddress.TryParse(listen.IdnHost, out IPAddress? address))
            throw new InvalidArgumentsException($"{DevProxyArguments.Listen} '{listen.OriginalString}' must name an IP address or localhost, not a host name.");
        kestrel.Listen(address, port);
    }
}
