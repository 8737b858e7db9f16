using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>
/// YARP's default header copying, plus what makes the proxy invisible to the Go server and the browser: the browser's
/// Host goes upstream, redirects to the upstream's own address point back at the proxy, and HTML pages get the reload
/// script. Forwarded requests also carry the proxy's loop mark (<see cref="ProxyLoopGuard"/>).
/// </summary>
internal sealed class DevProxyTransformer : HttpTransformer
{
    private readonly ProxyLoopGuard _loopGuard;

    public DevProxyTransformer(ProxyLoopGuard loopGuard) => _loopGuard = loopGuard;

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        // The server then builds absolute links and same-origin (CSRF) checks against the address the browser uses.
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        _loopGuard.Mark(proxyRequest);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        bool proxyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is null || !proxyBody)
            return proxyBody;

        PointRedirectAtProxy(httpContext, proxyResponse);
        if (!HtmlResponseRewriter.Applies(httpContext, proxyResponse))
            return true;
        await HtmlResponseRewriter.WriteAsync(httpContext, proxyResponse, cancellationToken);
        return false; // the body is written: YARP must not copy it again
    }

    private static void PointRedirectAtProxy(HttpContext httpContext, HttpResponseMessage proxyResponse)
    {
        string? location = httpContext.Response.Headers.Location;
        Uri? upstream = proxyResponse.RequestMessage?.RequestUri;
        if (location is null || upstream is null || !Uri.TryCreate(location, UriKind.Absolute, out Uri? target))
            return;
        if (!string.Equals(target.GetLeftPart(UriPartial.Authority), upstream.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            return;
        string proxyOrigin = $"{httpContext.Request.Scheme}://{httpContext.Request.Host.Value}";
        httpContext.Response.Headers[HeaderNames.Location] = proxyOrigin + target.PathAndQuery + target.Fragment;
    }
}
