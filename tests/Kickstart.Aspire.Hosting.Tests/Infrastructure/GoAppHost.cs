using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kickstart.Aspire.Hosting.Tests.Infrastructure;

/// <summary>
/// The test app host (Kickstart.Aspire.Hosting.TestAppHost) started in the test process by Aspire.Hosting.Testing, on
/// real DCP: its "api" resource runs the watch on a <see cref="GoService"/>.
/// </summary>
internal sealed class GoAppHost : IAsyncDisposable
{
    /// <summary>The first start restores the SDK package into the run's own cache and builds Go and the launcher.</summary>
    public static readonly TimeSpan FirstStart = TimeSpan.FromMinutes(3);

    /// <summary>A rebuild and swap on a machine shared with other builds.</summary>
    public static readonly TimeSpan Reload = TimeSpan.FromSeconds(60);

    /// <summary>What `dotnet test` puts in its own environment for MSBuild, which a `dotnet build` child must not inherit.</summary>
    private static readonly string[] InheritedVariablesToDrop =
    {
        "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "_MSBUILDTLENABLED",
        "DOTNET_HOST_PATH", "MSBUILDNOINPROCNODE", "MSBUILDENSURESTDOUTFORTASKPROCESSES", "DOTNET_CLI_USE_MSBUILD_SERVER",
        "MSBuildCacheEnabled", "MSBUILDLOGASYNC", "UseSharedCompilation",
    };

    private GoAppHost(DistributedApplication app)
    {
        App = app;
        Notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        Commands = app.Services.GetRequiredService<ResourceCommandService>();
    }

    public DistributedApplication App { get; }
    public ResourceNotificationService Notifications { get; }
    public ResourceCommandService Commands { get; }

    public static async Task<GoAppHost> StartAsync(params string[] args)
    {
        // DCP, started by this process, passes its environment on to the watch's dotnet.
        foreach (string name in InheritedVariablesToDrop)
            Environment.SetEnvironmentVariable(name, null);
        Environment.SetEnvironmentVariable("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        Environment.SetEnvironmentVariable("DOTNET_NOLOGO", "1");
        Environment.SetEnvironmentVariable("DOTNET_CLI_UI_LANGUAGE", "en");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Kickstart_Aspire_Hosting_TestAppHost>(args);
        var app = await builder.BuildAsync();
        var host = new GoAppHost(app);
        using var cts = new CancellationTokenSource(FirstStart);
        await app.StartAsync(cts.Token);
        return host;
    }

    public HttpClient Client(string resource = "api") => App.CreateHttpClient(resource);

    /// <summary>The resource's latest snapshot (the notification service replays the current one first).</summary>
    public async Task<CustomResourceSnapshot> SnapshotAsync(string resource)
    {
        using var cts = new CancellationTokenSource(Deadlines.Condition);
        return (await Notifications.WaitForResourceAsync(resource, _ => true, cts.Token)).Snapshot;
    }

    /// <summary>Waits (with a deadline) for a snapshot of <paramref name="resource"/> that satisfies <paramref name="predicate"/>.</summary>
    public async Task<CustomResourceSnapshot> WaitForAsync(string resource, Func<CustomResourceSnapshot, bool> predicate, TimeSpan deadline, string what)
    {
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            var e = await Notifications.WaitForResourceAsync(resource, e => predicate(e.Snapshot), cts.Token);
            return e.Snapshot;
        }
        catch (OperationCanceledException)
        {
            var last = await SnapshotAsync(resource);
            throw new TimeoutException($"{resource} did not reach {what} within {deadline}; its state is '{last.State?.Text}', properties: "
                + string.Join("; ", last.Properties.Select(p => $"{p.Name}={p.Value}")));
        }
    }

    public static object? Property(CustomResourceSnapshot snapshot, string name) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value;

    /// <summary>GET <paramref name="path"/> until it answers 200 with a body that satisfies <paramref name="predicate"/>.</summary>
    public async Task<string> GetUntilAsync(string path, Func<string, bool> predicate, TimeSpan deadline, string resource = "api")
    {
        using var client = Client(resource);
        string? last = null;
        bool answered = await Poll.UntilAsync(async () =>
        {
            try
            {
                using var response = await client.GetAsync(path);
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                return response.IsSuccessStatusCode && predicate(await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
                return false;
            }
        }, deadline, TimeSpan.FromMilliseconds(100));
        Assert.True(answered, $"GET {path} on {resource}: never the expected answer within {deadline}; last: {last}");
        return last!.Substring(last.IndexOf(' ') + 1);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
