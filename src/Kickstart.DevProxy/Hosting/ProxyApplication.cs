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

/// <summary>
/// Composes the proxy: Kestrel on the listen URL; requests under another host name refused; the reserved
/// <c>/_kickstart/</c> paths, for the proxy's own pages only; everything else forwarded, unless it is a request this
/// proxy forwarded coming back (a server address that leads to the proxy itself).
/// </summary>
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
        var hosts = new HostAllowList(options.Listen, options.AllowedHosts);
        var loopGuard = new ProxyLoopGuard();
        var forwarder = new HoldingForwarder(
            app.Services.GetRequiredService<IHttpForwarder>(),
            new DevProxyTransformer(loopGuard),
            gate,
            options.HoldTimeout,
            stopping);
        var script = new ReloadScriptEndpoint();
        var eventStream = new EventStreamEndpoint(events, stopping);

        app.Run(context =>
        {
            // Every path, the app's too: a rebinding page must not read the app through the proxy either.
            if (!hosts.Allows(context.Request.Host.Host))
                return Refusal.UnknownHostAsync(context);
            PathString path = context.Request.Path;
            if (!path.StartsWithSegments(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                if (loopGuard.CameBack(context.Request))
                    return Refusal.LoopAsync(context, gate.Upstream);
                return forwarder.ForwardAsync(context);
            }
            // The build errors are the developer's: no other site's page may read them (browsers send Origin on
            // cross-origin EventSource, fetch and WebSocket requests). Whether the app allows other origins is its own affair.
            if (context.Request.Headers.Origin is { Count: > 0 } origin && !hosts.AllowsOrigin(origin.ToString()))
                return Refusal.CrossOriginAsync(context);
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
