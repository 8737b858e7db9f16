using System.Net;
using System.Net.Sockets;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Finds a loopback TCP port that is free right now (another process may still take it before the server does).</summary>
public static class FreePort
{
    public static int Find()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
