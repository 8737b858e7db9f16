using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>
/// Sends an upstream <c>text/html</c> response with the reload script injected: the only kind of response the proxy
/// reads whole. It is sent uncompressed with an exact Content-Length. Anything it cannot rewrite safely (a body over
/// <see cref="MaxHtmlBytes"/>, an unknown or corrupt encoding) goes through unchanged.
/// </summary>
internal static class HtmlResponseRewriter
{
    /// <summary>Pages are small; a bigger "page" is more likely a stream or a download and is left alone.</summary>
    public const int MaxHtmlBytes = 16 * 1024 * 1024;

    public static bool Applies(HttpContext context, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        if (HttpMethods.IsHead(context.Request.Method) || status < 200 || status is 204 or 205 or 304)
            return false;
        if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/html", StringComparison.OrdinalIgnoreCase))
            return false;
        if (response.Content.Headers.ContentLength > MaxHtmlBytes)
            return false;
        return response.Content.Headers.ContentEncoding.Count <= 1
            && ContentDecoding.IsSupported(response.Content.Headers.ContentEncoding.FirstOrDefault());
    }

    /// <summary>Writes the body; the response headers were already copied from upstream and are corrected here.</summary>
    public static async Task WriteAsync(HttpContext context, HttpResponseMessage response, CancellationToken cancellation)
    {
        await using Stream upstreamBody = await response.Content.ReadAsStreamAsync(cancellation);
        var encoded = new MemoryStream();
        bool complete = await CopyAtMostAsync(upstreamBody, encoded, MaxHtmlBytes, cancellation);
        if (!complete)
        {
            // Too big after all (no Content-Length told us): pass it through untouched, headers as upstream sent them.
            encoded.Position = 0;
            await encoded.CopyToAsync(context.Response.Body, cancellation);
            await upstreamBody.CopyToAsync(context.Response.Body, cancellation);
            return;
        }

        byte[] body = encoded.ToArray();
        byte[] page;
        try
        {
            page = ReloadScriptInjection.Inject(ContentDecoding.Decode(body, response.Content.Headers.ContentEncoding.FirstOrDefault()));
        }
        catch (InvalidDataException)
        {
            // A body that does not decode is sent as it came; the browser will report it, which is more honest.
            await context.Response.Body.WriteAsync(body, cancellation);
            return;
        }

        context.Response.Headers.Remove(HeaderNames.ContentEncoding);
        // A digest of the original bytes would no longer match the body sent.
        context.Response.Headers.Remove(HeaderNames.ContentMD5);
        context.Response.ContentLength = page.Length;
        await context.Response.Body.WriteAsync(page, cancellation);
    }

    private static async Task<bool> CopyAtMostAsync(Stream source, Stream destination, int limit, CancellationToken cancellation)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellation);
            total += read;
            if (total > limit)
                return false;
        }
        return true;
    }
}
