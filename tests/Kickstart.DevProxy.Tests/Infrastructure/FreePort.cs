using System.Net;
using System.Net.Sockets;

namespace Kickstart.DevProxy.Tests.Infrastructure;

/// <summary>A loopback port nobody listens on right now (the OS picked it; it is released before use).</summary>
internal static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
