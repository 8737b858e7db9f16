using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Kickstart.Aspire.Hosting.Running;
using Kickstart.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kickstart.Aspire.Hosting.Tests.Running;

/// <summary>
/// The state decisions against DCP's own updates, on Aspire's real notification and log services (the test publishes
/// what DCP would: Starting, Running, Exited with an exit code).
/// </summary>
public sealed class GoProjectStateReporterTests : IDisposable
{
    private readonly CancellationTokenSource _stop = new(Deadlines.UnreachedStopTimeout);
    private readonly GoProjectResource _resource = new("api", "/nowhere/api/api.proj");
    private readonly ResourceLoggerService _logs = new();
    private readonly ResourceNotificationService _notifications;
    private readonly GoProjectStateReporter _reporter;

    public GoProjectStateReporterTests()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        _notifications = new ResourceNotificationService(NullLogger<ResourceNotificationService>.Instance, new Lifetime(), services, _logs);
        _reporter = new GoProjectStateReporter(_resource, _notifications, _logs);
        _reporter.Start(_stop.Token);
    }

    private Task Dcp(string state, int? exitCode = null, int? pid = null) =>
        _notifications.PublishUpdateAsync(_resource, s => s with
        {
            State = state,
            ExitCode = exitCode,
            Properties = pid is null ? s.Properties : s.Properties.RemoveAll(p => p.Name == "executable.pid").Add(new ResourcePropertySnapshot("executable.pid", pid)),
        });

    private async Task<CustomResourceSnapshot> WaitForAsync(Func<CustomResourceSnapshot, bool> predicate)
    {
        using var cts = new CancellationTokenSource(Deadlines.Condition);
        return (await _notifications.WaitForResourceAsync("api", e => predicate(e.Snapshot), cts.Token)).Snapshot;
    }

    [Fact]
    public async Task DCPs_Running_does_not_overwrite_what_the_watch_said()
    {
        await Dcp(KnownResourceStates.Starting);
        await _reporter.OnConnectedAsync(new WatchEvent { Kind = WatchEventKinds.Hello, ProcessId = 7 });
        await _reporter.OnEventAsync(new WatchEvent { Kind = WatchEventKinds.BuildFailed, Errors = new() { "/m/main.go(3,9): error GO1001: undefined: x" }, StillServing = false });
        await WaitForAsync(s => s.State?.Text == GoProjectStateReporter.BuildFailed);

        await Dcp(KnownResourceStates.Running); // the process runs (it has for a while): DCP says so again
        var snapshot = await WaitForAsync(s => s.State?.Text == GoProjectStateReporter.BuildFailed);
        Assert.Contains("GO1001", (string)snapshot.Properties.Single(p => p.Name == GoProjectStateReporter.ErrorsProperty).Value!);
    }

    [Fact]
    public async Task A_watch_that_failed_on_a_KS_error_stays_failed_over_DCPs_Exited()
    {
        await Dcp(KnownResourceStates.Starting);
        await _reporter.OnConnectedAsync(new WatchEvent { Kind = WatchEventKinds.Hello });
        await _reporter.OnEventAsync(new WatchEvent { Kind = WatchEventKinds.Failed, Errors = new() { "error KS2030: the server's port 5000 is taken by process 12 (nc)" } });
        await _reporter.OnDisconnectedAsync();
        await Dcp(KnownResourceStates.Exited, exitCode: 1);

        var snapshot = await WaitForAsync(s => s.State?.Text == KnownResourceStates.FailedToStart);
        Assert.Contains("KS2030", (string)snapshot.Properties.Single(p => p.Name == GoProjectStateReporter.ErrorsProperty).Value!);
    }

    [Fact]
    public async Task A_watch_that_never_connected_fails_with_the_KS_error_of_its_output()
    {
        await Dcp(KnownResourceStates.Starting);
        await Dcp(KnownResourceStates.Running);
        _logs.GetLogger("api").LogInformation("/p/api.proj : error KS1006: KickstartServerStopTimeoutMilliseconds is 'soon', not a number.");
        await Dcp(KnownResourceStates.Exited, exitCode: 1);

        var snapshot = await WaitForAsync(s => s.State?.Text == KnownResourceStates.FailedToStart);
        Assert.Contains("error KS1006:", (string)snapshot.Properties.Single(p => p.Name == GoProjectStateReporter.ErrorsProperty).Value!);
    }

    [Fact]
    public async Task A_clean_stop_stays_DCPs()
    {
        await Dcp(KnownResourceStates.Starting);
        await _reporter.OnConnectedAsync(new WatchEvent { Kind = WatchEventKinds.Hello });
        await _reporter.OnEventAsync(new WatchEvent { Kind = WatchEventKinds.Stopping });
        await _reporter.OnDisconnectedAsync();
        await Dcp(KnownResourceStates.Exited, exitCode: 0);
        await _reporter.OnEventAsync(new WatchEvent { Kind = "unknown-kind" }); // ignored: no publish
        var snapshot = await WaitForAsync(_ => true);
        Assert.Equal(KnownResourceStates.Exited, snapshot.State?.Text);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _notifications.Dispose();
        _logs.Dispose();
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
