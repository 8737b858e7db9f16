using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Supervision;
using FreePort = Kickstart.TestSupport.FreePort;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class ReadinessProbeTests
{
    private const string RunsUntilReleased = "mkfifo gate; echo ready; read _ < gate";

    [UnixTheory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task True_once_the_port_accepts(string host)
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start(RunsUntilReleased, scratch, output);
        int port = FreePort.Find();
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            Task<bool> probe = ReadinessProbe.WaitUntilAcceptingAsync(host, port, server, Deadlines.Condition, CancellationToken.None);
            Assert.False(probe.IsCompleted, "Nothing listens yet, so the probe must still be polling.");

            listener.Start();

            Assert.True(await probe.WaitAsync(Deadlines.Condition));
        }
        finally
        {
            listener.Stop();
        }
    }

    [UnixFact]
    public async Task An_infinite_deadline_waits_until_the_port_accepts()
    {
        // KickstartDebug: a debugger may hold the server at a breakpoint before it listens, for as long as the user steps.
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start(RunsUntilReleased, scratch, output);
        int port = FreePort.Find();
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            Task<bool> probe = ReadinessProbe.WaitUntilAcceptingAsync("127.0.0.1", port, server, Timeout.InfiniteTimeSpan, CancellationToken.None);
            // A few hundred attempts later it is still waiting.
            Assert.NotSame(probe, await Task.WhenAny(probe, Task.Delay(500)));

            listener.Start();

            Assert.True(await probe.WaitAsync(Deadlines.Condition));
        }
        finally
        {
            listener.Stop();
        }
    }

    [UnixFact]
    public async Task False_when_the_server_exits_first()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        await using ServerProcess server = ShellServer.Start(RunsUntilReleased, scratch, output);
        await output.WaitForAsync("ready");
        var stopwatch = Stopwatch.StartNew();

        Task<bool> probe = ReadinessProbe.WaitUntilAcceptingAsync(
            "127.0.0.1", FreePort.Find(), server, Deadlines.UnreachedStopTimeout, CancellationToken.None);
        await FifoGate.ReleaseAsync(scratch.At("gate"));

        Assert.False(await probe.WaitAsync(Deadlines.Condition));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Noticed the exit only after {stopwatch.Elapsed}.");
    }

    [UnixFact]
    public async Task False_at_the_deadline()
    {
        using var scratch = new TempDirectory();
        await using ServerProcess server = ShellServer.Start(RunsUntilReleased, scratch, new OutputRecorder());
        TimeSpan deadline = TimeSpan.FromMilliseconds(300);
        var stopwatch = Stopwatch.StartNew();

        bool accepted = await ReadinessProbe.WaitUntilAcceptingAsync("127.0.0.1", FreePort.Find(), server, deadline, CancellationToken.None);

        Assert.False(accepted);
        Assert.True(stopwatch.Elapsed >= deadline, $"Gave up after only {stopwatch.Elapsed}.");
        Assert.False(server.HasExited);
    }

    [UnixFact]
    public async Task Cancellation_throws()
    {
        using var scratch = new TempDirectory();
        await using ServerProcess server = ShellServer.Start(RunsUntilReleased, scratch, new OutputRecorder());
        using var cancellation = new CancellationTokenSource();

        Task<bool> probe = ReadinessProbe.WaitUntilAcceptingAsync(
            "127.0.0.1", FreePort.Find(), server, Deadlines.UnreachedStopTimeout, cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.WaitAsync(Deadlines.Condition));
    }
}
