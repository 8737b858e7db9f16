using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Kickstart.Aspire.Hosting.Tests.Infrastructure;
using Kickstart.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Kickstart.Aspire.Hosting.Tests;

/// <summary>
/// Run mode on one shared app host: the Go service reaches Running and answers through Aspire's endpoint, gets the
/// resource's environment and its WithArgs, reloads an edit, shows a compile error while the old build answers, and
/// restarts on the dashboard's command. Ordered: each test leaves the service built and serving.
/// </summary>
[TestCaseOrderer(ByOrderAttribute.TypeName, ByOrderAttribute.AssemblyName)]
public sealed class GoProjectRunTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;

    public GoProjectRunTests(ApiFixture fixture) => _fixture = fixture;

    private GoAppHost Host => _fixture.Host;

    [Fact, Order(1)]
    public async Task Reaches_running_and_answers_through_the_endpoint_Aspire_allocated()
    {
        await Host.WaitForAsync("api", s => s.State?.Text == KnownResourceStates.Running && s.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            GoAppHost.FirstStart, "Running and healthy");
        await Host.GetUntilAsync("/", body => body == GoService.Greeting, GoAppHost.Reload);

        // Healthy because the watch says a server answers, besides the app's own /healthz.
        var healthy = await Host.SnapshotAsync("api");
        Assert.Contains(healthy.HealthReports, r => r.Name == "api_kickstart_serving" && r.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);

        // The watch runs in the dotnet DCP started (what tells the watch's word from an older process's).
        var serving = await WaitForServingAsync();
        Assert.Equal(Convert.ToInt32(GoAppHost.Property(serving, "executable.pid")), GoAppHost.Property(serving, "kickstart.watch.pid"));
    }

    [Fact, Order(2)]
    public async Task Environment_from_WithReference_and_WithEnvironment_reaches_the_Go_process()
    {
        await Host.GetUntilAsync("/", body => body.Length > 0, GoAppHost.FirstStart);
        Assert.Equal(ApiFixture.ConnectionString, await Host.GetUntilAsync("/env?name=ConnectionStrings__db", _ => true, GoAppHost.Reload));
        Assert.Equal("set by WithEnvironment", await Host.GetUntilAsync("/env?name=FROM_APP_HOST", _ => true, GoAppHost.Reload));

        // Every variable Aspire set for the resource (OTEL_*, PORT, …) is the Go server's too, with the same value.
        var snapshot = await Host.SnapshotAsync("api");
        var fromSpec = snapshot.EnvironmentVariables.Where(v => v.IsFromSpec && !v.Name.StartsWith("KICKSTART_WATCH_CONTROL", StringComparison.Ordinal)).ToList();
        Assert.Contains(fromSpec, v => v.Name == "ConnectionStrings__db");
        foreach (var variable in fromSpec)
            Assert.Equal(variable.Value ?? "", await Host.GetUntilAsync("/env?name=" + Uri.EscapeDataString(variable.Name), _ => true, GoAppHost.Reload));

        // The control channel's address and token are the watch's alone.
        Assert.Contains(snapshot.EnvironmentVariables, v => v.Name == WatchControlContract.TokenVariable);
        using var client = Host.Client();
        foreach (string name in new[] { WatchControlContract.EndpointVariable, WatchControlContract.TokenVariable })
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/env?name=" + name)).StatusCode);
    }

    [Fact, Order(3)]
    public async Task WithArgs_are_the_Go_servers_arguments_not_dotnets()
    {
        string args = await Host.GetUntilAsync("/args", body => body.Length > 0, GoAppHost.FirstStart);
        Assert.Equal("--mode\ntwo words; and a comma, $(NotAProperty) %41", args);

        // dotnet got them as one property of the watch's, never as words of its own command line.
        var dotnetArgs = ((System.Collections.IEnumerable)GoAppHost.Property(await Host.SnapshotAsync("api"), "executable.args")!).Cast<object>().Select(a => a.ToString()).ToList();
        Assert.Equal(new[] { "build", _fixture.Service.ProjectPath, "-t:Watch" }, dotnetArgs.Take(3));
        Assert.DoesNotContain("--mode", dotnetArgs);
        Assert.Single(dotnetArgs, a => a!.StartsWith("-p:KickstartServerArguments=", StringComparison.Ordinal));
    }

    [Fact, Order(4)]
    public async Task An_edit_is_served_after_the_reload()
    {
        await Host.GetUntilAsync("/", body => body.Length > 0, GoAppHost.FirstStart);
        _fixture.Service.Write("main.go", GoService.MainGo("edited once"));
        await Host.GetUntilAsync("/", body => body == "edited once", GoAppHost.Reload);
    }

    [Fact, Order(5)]
    public async Task A_compile_error_shows_as_the_state_while_the_old_build_answers()
    {
        await WaitForServingAsync();
        string before = await Host.GetUntilAsync("/", body => body.Length > 0, GoAppHost.Reload);

        _fixture.Service.Write("main.go", GoService.MainGo("never built") + "\nvar _ = undefinedName\n");
        var failed = await Host.WaitForAsync("api", s => s.State?.Text == "Build failed", GoAppHost.Reload, "Build failed");
        Assert.Equal(KnownResourceStateStyles.Error, failed.State!.Style);
        string errors = GoAppHost.Property(failed, "kickstart.errors") as string ?? "";
        Assert.Contains("main.go(", errors);
        Assert.Contains("GO1001", errors);
        Assert.Contains("undefinedName", errors);
        Assert.Equal(true, GoAppHost.Property(failed, "kickstart.stillServing"));
        Assert.Equal(before, await Host.GetUntilAsync("/", _ => true, GoAppHost.Reload));

        _fixture.Service.Write("main.go", GoService.MainGo("fixed after the error"));
        await Host.GetUntilAsync("/", body => body == "fixed after the error", GoAppHost.Reload);
        var running = await Host.WaitForAsync("api", s => s.State?.Text == KnownResourceStates.Running, GoAppHost.Reload, "Running again");
        Assert.Null(GoAppHost.Property(running, "kickstart.errors"));
    }

    [Fact, Order(6)]
    public async Task The_restart_server_command_starts_a_new_server_process()
    {
        await WaitForServingAsync();
        int before = int.Parse(await Host.GetUntilAsync("/pid", _ => true, GoAppHost.Reload));
        await Host.WaitForAsync("api", s => s.Commands.Any(c => c.Name == GoProjectResourceBuilderExtensions.RestartServerCommandName && c.State == ResourceCommandState.Enabled),
            GoAppHost.Reload, "the restart command enabled");

        var result = await Host.Commands.ExecuteCommandAsync("api", GoProjectResourceBuilderExtensions.RestartServerCommandName);
        Assert.True(result.Success, result.Message);

        int after = int.Parse(await Host.GetUntilAsync("/pid", body => body != before.ToString(), GoAppHost.Reload));
        Assert.NotEqual(before, after);
        Assert.True(await Poll.UntilAsync(() => ProcessTable.IsGone(before), Deadlines.Condition), $"the old server {before} still runs");
        await Host.WaitForAsync("api", s => s.State?.Text == KnownResourceStates.Running && Equals(GoAppHost.Property(s, "kickstart.server.pid"), after),
            GoAppHost.Reload, "Running with the new server's PID");
    }

    [Fact, Order(7)]
    public async Task The_rebuild_command_builds_again()
    {
        await WaitForServingAsync();
        var compiling = Host.WaitForAsync("api", s => s.State?.Text == "Compiling", GoAppHost.Reload, "Compiling");
        var result = await Host.Commands.ExecuteCommandAsync("api", GoProjectResourceBuilderExtensions.RebuildCommandName);
        Assert.True(result.Success, result.Message);
        await compiling;
        await Host.WaitForAsync("api", s => s.State?.Text == KnownResourceStates.Running, GoAppHost.Reload, "Running after the rebuild");
    }

    [Fact, Order(8)]
    public async Task The_watchs_and_the_servers_lines_reach_the_resources_log_whole_and_in_order()
    {
        await WaitForServingAsync();
        var logs = Host.App.Services.GetRequiredService<ResourceLoggerService>();
        var lines = new List<string>();
        using var cts = new CancellationTokenSource(Deadlines.Condition);
        try
        {
            var api = Host.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "api");
            await foreach (var batch in logs.WatchAsync(api).WithCancellation(cts.Token))
            {
                lines.AddRange(batch.Select(l => l.Content));
                if (lines.Any(l => Regex.IsMatch(l, WatchStatusLines.StartedPattern)) && lines.Any(l => l.Contains("serving on port")))
                    break;
            }
        }
        catch (OperationCanceledException)
        {
        }

        int watching = lines.FindIndex(l => Regex.IsMatch(l, WatchStatusLines.WatchingProjectPattern));
        int serving = lines.FindIndex(l => l.Contains("serving on port"));
        Assert.True(watching >= 0 && serving > watching, "the watch's first line, then the server's: " + string.Join("\n", lines));
        Assert.Matches(@"serving on port \d+$", lines[serving]);
        Assert.Contains(lines, l => Regex.IsMatch(l, WatchStatusLines.StartedPattern));
    }

    // Running as the watch says it (a server answers: its PID is known), not only DCP's "the process started".
    private Task<CustomResourceSnapshot> WaitForServingAsync() =>
        Host.WaitForAsync("api", s => s.State?.Text == KnownResourceStates.Running && GoAppHost.Property(s, "kickstart.server.pid") is not null,
            GoAppHost.FirstStart, "Running with a server");
}
