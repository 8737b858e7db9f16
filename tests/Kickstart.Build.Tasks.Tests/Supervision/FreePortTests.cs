using System.Net;
using System.Net.Sockets;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class FreePortTests
{
    [Fact]
    public void The_port_found_can_be_bound_on_loopback()
    {
        int port = Kickstart.Build.Tasks.Supervision.FreePort.Find();

        Assert.InRange(port, 1, IPEndPoint.MaxPort);
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }
}
