using System.Threading.Tasks;
using Kickstart.Aspire.Hosting.Tests.Infrastructure;

namespace Kickstart.Aspire.Hosting.Tests;

/// <summary>One app host for <see cref="GoProjectRunTests"/>: "api" on a Go service, no dev proxy.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string ConnectionString = "Host=db.test;Database=app;Password=a;b,c";

    internal GoService Service { get; } = GoService.Create("api");
    internal GoAppHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await GoAppHost.StartAsync($"--GoProject={Service.ProjectPath}", $"--ConnectionStrings:db={ConnectionString}");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Service.Dispose();
    }
}
