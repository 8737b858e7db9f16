using System.Threading.Tasks;
using Kickstart.Aspire.Hosting.Tests.Infrastructure;

namespace Kickstart.Aspire.Hosting.Tests;

/// <summary>One app host for <see cref="GoProjectLifetimeTests"/>: "api" behind the dev proxy, and "bad", a project the watch refuses.</summary>
public sealed class LifetimeFixture : IAsyncLifetime
{
    internal GoService Service { get; } = GoService.Create("api");

    /// <summary>A number property that is not a number: KS1006 before the watch starts.</summary>
    internal GoService Bad { get; } = GoService.Create("bad", "<PropertyGroup><KickstartServerStopTimeoutMilliseconds>soon</KickstartServerStopTimeoutMilliseconds></PropertyGroup>");

    internal GoAppHost Host { get; private set; } = null!;

    /// <summary>Set by the test that stops the app host (the last one).</summary>
    internal bool Stopped { get; set; }

    public async Task InitializeAsync()
    {
        Host = await GoAppHost.StartAsync($"--GoProject={Service.ProjectPath}", "--DevProxy=true", $"--BadGoProject={Bad.ProjectPath}",
            "--ConnectionStrings:db=unused");
    }

    public async Task DisposeAsync()
    {
        if (!Stopped)
            await Host.DisposeAsync();
        Service.Dispose();
        Bad.Dispose();
    }
}
