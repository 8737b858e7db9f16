using System.Net;
using System.Net.Sockets;

namespace Kickstart.TestSupport;

/// <summary>
/// A loopback port nobody listens on right now (the OS picked it; it is released before use, so another process may
/// still take it first). The tests' own copy: src/ has one for the watch, and a test must not borrow the code it tests.
/// </summary>
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
