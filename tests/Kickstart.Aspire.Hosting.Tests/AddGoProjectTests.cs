using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Kickstart.Aspire.Hosting.Tests.Infrastructure;

namespace Kickstart.Aspire.Hosting.Tests;

/// <summary>The app host's mistakes are KS errors that say what to do, raised before anything runs.</summary>
public sealed class AddGoProjectTests
{
    [Fact]
    public void A_missing_project_file_is_KS3001_naming_the_path_and_the_app_host_directory()
    {
        var builder = DistributedApplication.CreateBuilder();
        var e = Assert.Throws<FileNotFoundException>(() => { builder.AddGoProject("api", "../nowhere/api.proj"); });
        Assert.StartsWith("KS3001: ", e.Message);
        Assert.Contains(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "../nowhere/api.proj")), e.Message);
        Assert.Contains("relative to the app host's directory", e.Message);
    }

    [Fact]
    public void A_directory_is_KS3002()
    {
        using var dir = new Kickstart.TestSupport.TempDirectory();
        var builder = DistributedApplication.CreateBuilder();
        var e = Assert.Throws<ArgumentException>(() => { builder.AddGoProject("api", dir.Path); });
        Assert.StartsWith("KS3002: ", e.Message);
    }

    [Fact]
    public async Task The_dev_proxy_without_an_http_endpoint_is_KS3003_at_start()
    {
        using var service = GoService.Create("noendpoint");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Kickstart_Aspire_Hosting_TestAppHost>(
            new[] { $"--GoProject={service.ProjectPath}", "--ConnectionStrings:db=unused" });
        builder.AddGoProject("noendpoint", service.ProjectPath).WithDevProxy();
        await using var app = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(GoAppHost.FirstStart);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(cts.Token));
        Assert.Contains("KS3003: 'noendpoint' has WithDevProxy() but no http endpoint", e.ToString());
    }
}
