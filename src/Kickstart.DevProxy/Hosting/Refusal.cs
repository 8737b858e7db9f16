using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Kickstart.DevProxy.Hosting;

/// <summary>
/// The proxy's own short answers for requests it will not serve: plain text that says why and what to set, never
/// forwarded, never cached, and without CORS headers (so no other site's page can read them either).
/// </summary>
internal static class Refusal
{
    /// <summary>The status for a request whose Host is not one of the proxy's names.</summary>
    public const int MisdirectedRequest = StatusCodes.Status421MisdirectedRequest;

    public const int LoopDetected = StatusCodes.Status508LoopDetected;

    public static Task UnknownHostAsync(HttpContext context) => WriteAsync(context, MisdirectedRequest,
        $"kickstart-proxy: this dev proxy answers only to its own names (localhost, loopback addresses, the host of KickstartProxyUrl), " +
        $"not to '{Shorten(context.Request.Host.Host)}'. If you open it under that name on purpose, add the name to the property " +
        $"{HostAllowList.PropertyName} (for instance -p:{HostAllowList.PropertyName}={Shorten(context.Request.Host.Host)}).");

    public static Task CrossOriginAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status403Forbidden,
        $"kickstart-proxy: {ProxyApplication.ReservedPrefix}/ serves only pages opened through this proxy, not a page from " +
        $"'{Shorten(context.Request.Headers.Origin.ToString())}'. If that page is yours, add its host to the property {HostAllowList.PropertyName}.");

    public static Task LoopAsync(HttpContext context, Uri upstream) => WriteAsync(context, LoopDetected,
        $"kickstart-proxy: this request came back to the proxy that forwarded it: the server address {upstream.GetLeftPart(UriPartial.Authority)} " +
        "leads to the proxy itself. Set KickstartServerUrl to the Go server's own address (not KickstartProxyUrl's), or leave it empty.");

    private static Task WriteAsync(HttpContext context, int status, string sentence)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return OwnAnswer.WriteAsync(context, status, "text/plain; charset=utf-8", sentence + "\n");
    }

    // The names come from the request: short enough to read, whatever a client sent.
    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
