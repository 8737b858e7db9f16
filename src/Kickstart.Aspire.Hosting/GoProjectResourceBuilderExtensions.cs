using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Aspire.Hosting.ApplicationModel;
using Kickstart.Aspire.Hosting.Publishing;
using Kickstart.Aspire.Hosting;
using Kickstart.Aspire.Hosting.Running;
using Kickstart.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary><c>builder.AddGoProject(name, projectPath)</c> and what only a Go project has (<c>WithDevProxy</c>).</summary>
public static class GoProjectResourceBuilderExtensions
{
    /// <summary>The dashboard command that restarts the Go server from the binary it runs (Ctrl+R in a terminal).</summary>
    public const string RestartServerCommandName = "kickstart-restart-server";

    /// <summary>The dashboard command that evaluates the project anew, builds and swaps the server.</summary>
    public const string RebuildCommandName = "kickstart-rebuild";

    /// <summary>
    /// Adds a Go project (a project file on Kickstart.Sdk) that runs under Kickstart's watch: rebuilt and swapped on
    /// every save, its build errors and its server's output in the resource's log, its state (Compiling, Running,
    /// Build failed, Server exited, FailedToStart) in the dashboard, with the commands "Restart server" and "Rebuild".
    /// In run mode the resource has a health check of its own (<c>NAME_kickstart_serving</c>): healthy while a server
    /// of the watch answers, so <c>WaitFor</c> waits for the Go server rather than for <c>dotnet</c>'s start.
    /// </summary>
    /// <param name="builder">The app host's builder.</param>
    /// <param name="name">The resource's name.</param>
    /// <param name="projectPath">The Go project's project file, relative to the app host's directory (or full).</param>
    /// <returns>The resource's builder, for Aspire's own extensions:
    /// <c>WithHttpEndpoint(env: "PORT")</c> (the watch serves on its target port: <c>KickstartServerUrl</c>),
    /// <c>WithEnvironment</c> and <c>WithReference</c> (the Go server inherits the watch's environment),
    /// <c>WithArgs</c> (the Go server's arguments, passed as <c>KickstartServerArguments</c>, never to <c>dotnet</c>),
    /// <c>WaitFor</c>, <c>WithHttpHealthCheck</c>.</returns>
    /// <exception cref="FileNotFoundException">KS3001: no file at <paramref name="projectPath"/>.</exception>
    /// <exception cref="ArgumentException">KS3002: <paramref name="projectPath"/> is a directory.</exception>
    public static IResourceBuilder<GoProjectResource> AddGoProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        if (projectPath is null) throw new ArgumentNullException(nameof(projectPath));
        string fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        if (Directory.Exists(fullPath))
            throw new ArgumentException(KickstartHostingDiagnostics.Format(KickstartHostingDiagnostics.ProjectIsDirectory,
                $"AddGoProject(\"{name}\", \"{projectPath}\") names the directory '{fullPath}': name the Go project's project file in it (for example \"{Path.Combine(projectPath, "app.proj")}\")."), nameof(projectPath));
        if (!File.Exists(fullPath))
            throw new FileNotFoundException(KickstartHostingDiagnostics.Format(KickstartHostingDiagnostics.ProjectNotFound,
                $"AddGoProject(\"{name}\", \"{projectPath}\"): no project file at '{fullPath}'. The path is relative to the app host's directory ('{builder.AppHostDirectory}'): correct it, or create the project there."), fullPath);

        var resource = new GoProjectResource(name, fullPath);
        // OTEL_* for a Go server that exports OpenTelemetry to the dashboard, as AddProject does for .NET services.
        var resourceBuilder = builder.AddResource(resource).WithOtlpExporter();
        resource.Annotations.Add(new WatchCommandLineAnnotation(resource));

        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Eventing.Subscribe<BeforeStartEvent>((e, _) => PrepareRun(resource, e.Services));

            // Healthy while a server of the watch's answers (DCP's "Running" only says dotnet started): WaitFor waits
            // for the Go server, and a failed build that leaves the old one serving is no outage.
            string healthKey = $"{name}_kickstart_serving";
            builder.Services.AddHealthChecks().AddCheck(healthKey, () => resource.Serving
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"no server of the watch answers yet (state: {resource.WatchStateText ?? "the watch has not connected"})"));
            resourceBuilder
                .WithHealthCheck(healthKey)
                .WithEnvironment(context =>
                {
                    if (resource.Channel.Endpoint is { } endpoint)
                    {
                        context.EnvironmentVariables[WatchControlContract.EndpointVariable] = endpoint;
                        context.EnvironmentVariables[WatchControlContract.TokenVariable] = resource.Channel.Token;
                    }
                })
                .WithWatchCommand(RestartServerCommandName, "Restart server", WatchCommandNames.Restart, "ArrowSync",
                    "Restarts the Go server from the binary it runs, without a build (Ctrl+R in a terminal).")
                .WithWatchCommand(RebuildCommandName, "Rebuild", WatchCommandNames.Rebuild, "Wrench",
                    "Evaluates the project anew, builds it and swaps the Go server, as if every file had changed.");
        }

        // Publish mode: a container built from the Dockerfile the SDK generates (Publishing/).
        resourceBuilder.PublishAsGoContainer();

        return resourceBuilder;
    }

    /// <summary>
    /// Runs Kickstart's dev proxy in front of the Go server: the resource's http endpoint is the proxy's
    /// (<c>KickstartProxyUrl</c> on its target port) and the server gets a free loopback port of its own, so requests
    /// are held during a swap, pages reload themselves after a reload and show build errors. Needs an http endpoint
    /// (<c>WithHttpEndpoint</c>, before or after this call).
    /// </summary>
    /// <exception cref="InvalidOperationException">KS3003, when the app host starts: the resource has no http endpoint.</exception>
    public static IResourceBuilder<GoProjectResource> WithDevProxy(this IResourceBuilder<GoProjectResource> builder)
    {
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        builder.Resource.UsesDevProxy = true;
        return builder;
    }

    // Before anything starts: the model is complete, so WithArgs's callbacks can be taken off the resource (they are the
    // server's, which the watch's command line carries), and the control channel listens.
    private static Task PrepareRun(GoProjectResource resource, IServiceProvider services)
    {
        if (resource.UsesDevProxy && WatchCommandLineAnnotation.HttpEndpoint(resource) is null)
            throw new InvalidOperationException(KickstartHostingDiagnostics.Format(KickstartHostingDiagnostics.DevProxyWithoutHttpEndpoint,
                $"'{resource.Name}' has WithDevProxy() but no http endpoint for the proxy to listen on: add .WithHttpEndpoint(env: \"PORT\")."));

        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>().Where(a => a is not WatchCommandLineAnnotation).ToList())
        {
            resource.Annotations.Remove(callback);
            resource.ServerArgumentCallbacks.Add(callback);
        }

        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var reporter = new GoProjectStateReporter(resource,
            services.GetRequiredService<ResourceNotificationService>(), services.GetRequiredService<ResourceLoggerService>());
        resource.Channel.Start(reporter);
        reporter.Start(lifetime.ApplicationStopping);
        lifetime.ApplicationStopping.Register(resource.Channel.Dispose);
        return Task.CompletedTask;
    }

    // A dashboard command that writes one command to the watch's control channel, enabled while a watch is connected.
    private static IResourceBuilder<GoProjectResource> WithWatchCommand(this IResourceBuilder<GoProjectResource> builder,
        string name, string displayName, string watchCommand, string iconName, string description)
    {
        GoProjectResource resource = builder.Resource;
        return builder.WithCommand(name, displayName,
            context => SendAsync(resource, watchCommand, context),
            new CommandOptions
            {
                Description = description,
                UpdateState = _ => resource.Channel.IsConnected ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
                IconName = iconName,
            });
    }

    private static async Task<ExecuteCommandResult> SendAsync(GoProjectResource resource, string command, ExecuteCommandContext context) =>
        await resource.Channel.SendAsync(command, context.CancellationToken).ConfigureAwait(false)
            ? CommandResults.Success()
            : CommandResults.Failure($"The watch of '{resource.Name}' is not connected (it is starting, or it stopped).");
}
