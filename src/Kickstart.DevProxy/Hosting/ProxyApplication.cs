using System;
using System.Threading.Tasks;
using Kickstart.DevProxy.Browser;
using Kickstart.DevProxy.Forwarding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Kickstart.DevProxy.Hosting;

/// <summary>Composes the proxy: Kestrel on the listen URL, the reserved <c>/_kickstart/</c> paths, everything else forwarded.</summary>
internal static class ProxyApplication
{
    public const string ReservedPrefix = "/_kickstart";
    public const string EventsPath = "/_kickstart/events";

    /// <summary>The whole shutdown, held requests and open event streams included, fits well within a second.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMilliseconds(300);

    public static WebApplication Build(ProxyOptions options, UpstreamGate gate, BrowserEvents events)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            // Never the developer's directory: the proxy serves no file of the project, nor reads its appsettings.
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // Standard output carries exactly one line (the listening line) and the Watch task reads it: no logging there.
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<Microsoft.Extensions.Hosting.ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // uploads of any size stream through
            ListenBinding.Apply(kestrel, options.Listen);
        });

        WebApplication app = builder.Build();
        var stopping = app.Lifetime.ApplicationStopping;
        var forwarder = new HoldingForwarder(
            app.Services.GetRequiredService<IHttpForwarder>(),
            new DevProxyTransformer(),
            gate,
            options.HoldTimeout,
            stopping);
        var script = new ReloadScriptEndpoint();
        var eventStream = new EventStreamEndpoint(events, stopping);

        app.Run(context =>
        {
            PathString path = context.Request.Path;
            if (!path.StartsWithSegments(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
                return forwarder.ForwardAsync(context);
            if (path.Equals(ReloadScriptEndpoint.Path, StringComparison.OrdinalIgnoreCase))
                return script.HandleAsync(context);
            if (path.Equals(EventsPath, StringComparison.OrdinalIgnoreCase))
                return eventStream.HandleAsync(context);
            // The whole prefix is the proxy's, so a later version can add paths without them reaching the server.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
