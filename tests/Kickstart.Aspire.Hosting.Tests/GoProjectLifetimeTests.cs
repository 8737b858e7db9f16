using System;
using System.Linq;
using System.Threading.Tasks;
using Aspire.Hosting.ApplicationModel;
using Kickstart.Aspire.Hosting.Tests.Infrastructure;

namespace Kickstart.Aspire.Hosting.Tests;

/// <summary>
/// WithDevProxy (the endpoint users open is the proxy's), a project the watch refuses (FailedToStart with its KS code,
/// not a crash loop), and the end: stopping the app host leaves no watch, proxy or Go server. Ordered: the stop is last.
/// </summary>
[TestCaseOrderer(ByOrderAttribute.TypeName, ByOrderAttribute.AssemblyName)]
public sealed class GoProjectLifetimeTests : IClassFixture<LifetimeFixture>
{
    private readonly LifetimeFixture _fixture;

    public GoProjectLifetimeTests(LifetimeFixture fixture) => _fixture = fixture;

    private GoAppHost Host => _fixture.Host;

    [Fact, Order(1)]
    public async Task With_the_dev_proxy_the_endpoint_is_the_proxys_and_the_server_has_a_port_of_its_own()
    {
        await Host.WaitForAsync("api", s => s.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, GoAppHost.FirstStart, "healthy");

        // The proxy marks what it forwards: a request through Aspire's endpoint reached the server through it.
        string mark = await Host.GetUntilAsync("/header?name=X-Kickstart-Proxy", _ => true, GoAppHost.Reload);
        Assert.NotEqual("", mark);

        var args = ((System.Collections.IEnumerable)GoAppHost.Property(await Host.SnapshotAsync("api"), "executable.args")!).Cast<object>().Select(a => a.ToString()!).ToList();
        string proxyUrl = Assert.Single(args, a => a.StartsWith("-p:KickstartProxyUrl=", StringComparison.Ordinal));
        Assert.DoesNotContain(args, a => a.StartsWith("-p:KickstartServerUrl=", StringComparison.Ordinal));
        string serverPort = await Host.GetUntilAsync("/env?name=PORT", _ => true, GoAppHost.Reload);
        Assert.False(proxyUrl.EndsWith(":" + serverPort, StringComparison.Ordinal), $"the server listens on the proxy's port {serverPort}");
    }

    [Fact, Order(2)]
    public async Task A_project_the_watch_refuses_shows_as_failed_with_its_KS_code()
    {
        var snapshot = await Host.WaitForAsync("bad", s => s.State?.Text == KnownResourceStates.FailedToStart, GoAppHost.FirstStart, "FailedToStart");
        Assert.Contains("KS1006", GoAppHost.Property(snapshot, "kickstart.errors") as string ?? "");
        Assert.Equal(KnownResourceStateStyles.Error, snapshot.State!.Style);
    }

    [Fact, Order(3)]
    public async Task Stopping_the_app_host_leaves_no_watch_proxy_or_server()
    {
        await Host.WaitForAsync("api", s => s.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, GoAppHost.FirstStart, "healthy");
        int serverPid = int.Parse(await Host.GetUntilAsync("/pid", _ => true, GoAppHost.Reload));
        int watchPid = Convert.ToInt32(GoAppHost.Property(await Host.SnapshotAsync("api"), "executable.pid"));
        var tree = ProcessTree.Of(watchPid);
        Assert.Contains(serverPid, tree.Keys);
        Assert.True(tree.Count >= 4, "expected the watch, the dev proxy, the launcher and the server: " + string.Join(", ", tree.Select(p => $"{p.Key} {p.Value}")));

        _fixture.Stopped = true;
        await Host.DisposeAsync();

        bool gone = await Poll.UntilAsync(() => tree.Keys.All(ProcessTable.IsGone), Deadlines.UnreachedStopTimeout);
        Assert.True(gone, "left running after the app host stopped: " + string.Join(", ", tree.Where(p => ProcessTable.IsAlive(p.Key)).Select(p => $"{p.Key} {p.Value}")));
    }
}
