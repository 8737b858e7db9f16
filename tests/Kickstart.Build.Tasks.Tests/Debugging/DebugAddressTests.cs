using Kickstart.Build.Tasks.Debugging;

namespace Kickstart.Build.Tasks.Tests.Debugging;

public sealed class DebugAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:2345", "127.0.0.1", 2345)]
    [InlineData(" localhost:40000 ", "localhost", 40000)]
    [InlineData("[::1]:2345", "::1", 2345)]
    public void Reads_host_and_port(string text, string host, int port)
    {
        Assert.True(DebugAddress.TryParse(text, out string h, out int p));
        Assert.Equal((host, port), (h, p));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2345")]
    [InlineData(":2345")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("127.0.0.1:port")]
    [InlineData("::1:2345")]
    [InlineData("http://127.0.0.1:2345")]
    public void Refuses_what_is_not_host_colon_port(string text)
    {
        Assert.False(DebugAddress.TryParse(text, out _, out _));
    }
}
