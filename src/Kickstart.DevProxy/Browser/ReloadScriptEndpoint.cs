using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Kickstart.DevProxy.Browser;

/// <summary>Serves <c>/_kickstart/reload.js</c>, the script injected into every HTML page, from the assembly's resources.</summary>
internal sealed class ReloadScriptEndpoint
{
    public const string Path = "/_kickstart/reload.js";
    private readonly byte[] _script = LoadScript();

    public Task HandleAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/javascript; charset=utf-8";
        // Revalidated each time: a cached copy from an older Kickstart must not linger.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentLength = _script.Length;
        if (HttpMethods.IsHead(context.Request.Method))
            return Task.CompletedTask;
        return context.Response.Body.WriteAsync(_script, 0, _script.Length, context.RequestAborted);
    }

    private static byte[] LoadScript()
    {
        using Stream stream = typeof(ReloadScriptEndpoint).Assembly.GetManifestResourceStream("Kickstart.DevProxy.reload.js")
            ?? throw new InvalidDataException("the reload script is missing from the assembly's resources.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
