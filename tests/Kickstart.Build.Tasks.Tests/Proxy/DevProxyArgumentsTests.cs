using Kickstart.Build.Tasks.Proxy;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Tests.Proxy;

/// <summary>
/// The allowed-hosts rule the task checks KickstartProxyAllowedHosts by (KS2022) and the proxy checks
/// <c>--allowed-hosts</c> by: one rule in the shared contract, so an entry the task lets through never stops the proxy.
/// </summary>
public sealed class DevProxyArgumentsTests
{
    [Fact]
    public void EntriesAreSplitAsMSBuildWritesListsAndTrimmed()
    {
        Assert.Equal(new[] { "dev.example.test", "*.apps.example.test", "[fd00::1]", "10.0.0.2" },
            DevProxyArguments.SplitAllowedHosts(" dev.example.test; *.apps.example.test;;[fd00::1] ,10.0.0.2, "));
        Assert.Empty(DevProxyArguments.SplitAllowedHosts(null));
        Assert.Empty(DevProxyArguments.SplitAllowedHosts(" ; , "));
    }

    [Theory]
    [InlineData("dev.example.test", true)]
    [InlineData("*.example.test", true)]
    [InlineData("localhost", true)]
    [InlineData("192.168.1.20", true)]
    [InlineData("fd00::1", true)]
    [InlineData("[fd00::1]", true)]
    [InlineData("http://evil.example", false)]
    [InlineData("dev.test:8080", false)]
    [InlineData("dev.test/path", false)]
    [InlineData("*.", false)]
    [InlineData("a b", false)]
    public void AnEntryIsAHostNameAnAddressOrASuffix(string entry, bool valid)
    {
        Assert.Equal(valid, DevProxyArguments.IsAllowedHostEntry(entry));
    }

    [Fact]
    public void TheTaskNamesTheFirstEntryTheProxyWouldRefuse()
    {
        Assert.True(AllowedHostList.TryParse("dev.example.test;*.example.test", out var entries, out string? bad));
        Assert.Equal(new[] { "dev.example.test", "*.example.test" }, entries);
        Assert.Null(bad);

        Assert.False(AllowedHostList.TryParse("dev.example.test;http://evil.example:8080;x:1", out _, out bad));
        Assert.Equal("http://evil.example:8080", bad);
    }
}
