using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Kickstart.Contracts;
using Kickstart.DevProxy.Tests.Infrastructure;

namespace Kickstart.DevProxy.Tests;

/// <summary>The proxy never outlives the Watch task, and tells clearly why it could not start.</summary>
public sealed class LifetimeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task End_of_standard_input_stops_it_within_a_second_even_with_open_streams()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();
        using EventStreamClient page = await EventStreamClient.OpenAsync(fixture.Client, fixture.At("/_kickstart/events"));
        using EventStreamClient upstreamEvents = await EventStreamClient.OpenAsync(fixture.Client, fixture.At("/sse"));
        await upstreamEvents.ReadEventAsync();

        var stopwatch = Stopwatch.StartNew();
        fixture.Proxy.CloseInput();
        bool exited = await fixture.Proxy.WaitForExitAsync(Timeout);

        Assert.True(exited);
        Assert.True(stopwatch.ElapsedMilliseconds < 1000, $"exited {stopwatch.ElapsedMilliseconds} ms after the end of its input");
        Assert.Equal(DevProxyContract.ExitStopped, fixture.Proxy.ExitCode);
    }

    [Fact]
    public async Task Sigterm_stops_it_cleanly()
    {
        if (OperatingSystem.IsWindows())
            return; // no signals there; the Watch task closes standard input instead
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        Assert.Equal(0, Kill(fixture.Proxy.Id, Sigterm));

        Assert.True(await fixture.Proxy.WaitForExitAsync(Timeout));
        Assert.Equal(DevProxyContract.ExitStopped, fixture.Proxy.ExitCode);
    }

    [Fact]
    public async Task Port_in_use_exits_with_the_cannot_listen_code_and_one_error_line()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        await using ProxyProcess proxy = ProxyProcess.Launch("--listen", $"http://127.0.0.1:{port}", "--upstream", "http://127.0.0.1:1");

        Assert.True(await proxy.WaitForExitAsync(Timeout));
        Assert.Equal(DevProxyContract.ExitCannotListen, proxy.ExitCode);
        string error = Assert.Single(proxy.StandardError, l => l.Length > 0);
        Assert.StartsWith($"kickstart-proxy: error: cannot listen on http://127.0.0.1:{port}: the address is already in use", error);
        Assert.DoesNotContain(proxy.StandardOutput, l => l.Length > 0);
    }

    [Theory]
    [InlineData("--listen", "http://127.0.0.1:0")]
    [InlineData("--listen", "https://127.0.0.1:0", "--upstream", "http://127.0.0.1:1")]
    [InlineData("--listen", "http://127.0.0.1:0", "--upstream", "http://127.0.0.1:1/path")]
    [InlineData("--listen", "http://127.0.0.1:0", "--upstream", "http://127.0.0.1:1", "--hold-timeout-ms", "soon")]
    [InlineData("--listen", "http://example.com:8080", "--upstream", "http://127.0.0.1:1")]
    [InlineData("--listen", "http://127.0.0.1:0", "--upstream", "http://127.0.0.1:1", "--allowed-hosts", "dev.test;http://evil.example")]
    [InlineData("--listen", "http://127.0.0.1:0", "--upstream", "http://127.0.0.1:1", "--allowed-hosts", "dev.test:8080")]
    [InlineData("--bogus", "1")]
    public async Task Bad_arguments_exit_with_the_bad_arguments_code_and_one_error_line(params string[] arguments)
    {
        await using ProxyProcess proxy = ProxyProcess.Launch(arguments);

        Assert.True(await proxy.WaitForExitAsync(Timeout));
        Assert.Equal(DevProxyContract.ExitBadArguments, proxy.ExitCode);
        string error = Assert.Single(proxy.StandardError, l => l.Length > 0);
        Assert.StartsWith("kickstart-proxy: error: ", error);
    }

    [Fact]
    public async Task Listening_line_is_the_only_output_and_names_the_bound_port()
    {
        await using ProxyFixture fixture = await ProxyFixture.StartAsync();

        Assert.Equal(new[] { $"{DevProxyContract.ListeningPrefix}http://127.0.0.1:{fixture.Proxy.Url.Port}" }, fixture.Proxy.StandardOutput);
        Assert.NotEqual(0, fixture.Proxy.Url.Port);
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
