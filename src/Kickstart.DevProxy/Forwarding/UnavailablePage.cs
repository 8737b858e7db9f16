using System;
using System.Globalization;
using System.Threading.Tasks;
using Kickstart.DevProxy.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>
/// The 503 answer when the server did not come back within the hold timeout. The page carries the reload script, so
/// it shows the build errors if there are any and turns into the real page as soon as the server is ready.
/// </summary>
internal static class UnavailablePage
{
    public static Task WriteAsync(HttpContext context, TimeSpan holdTimeout)
    {
        string milliseconds = ((long)holdTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        string what = holdTimeout > TimeSpan.Zero
            ? $"the server did not come back within {milliseconds} ms"
            : "the server is not running right now (requests are not held: KickstartProxyHoldTimeoutMilliseconds is 0)";
        string page =
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Kickstart: server not ready</title></head>\n" +
            "<body style=\"font:16px/1.5 system-ui,sans-serif;margin:40px\">\n" +
            "<h1 style=\"font-size:20px\">The Go server is not ready</h1>\n" +
            $"<p>kickstart-proxy: {what}. This page reloads by itself when it is ready; the Watch output tells what happened.</p>\n" +
            ReloadScriptInjection.ScriptTag + "\n</body></html>\n";

        context.Response.Clear();
        context.Response.Headers.RetryAfter = "1";
        return OwnAnswer.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "text/html; charset=utf-8", page);
    }
}
