using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Kickstart.DevProxy.Hosting;

/// <summary>
/// How the proxy writes an answer of its own (a refusal, the "server not ready" page) instead of the server's: never
/// cached, with its length, and without a body for HEAD.
/// </summary>
internal static class OwnAnswer
{
    public static Task WriteAsync(HttpContext context, int status, string contentType, string text)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
            return Task.CompletedTask;
        return context.Response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }
}
