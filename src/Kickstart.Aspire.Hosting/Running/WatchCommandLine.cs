using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Kickstart.Aspire.Hosting.Running;

/// <summary>
/// The watch's command line in run mode: <c>dotnet build PROJECT -t:Watch</c> with node reuse and the terminal logger
/// off (a plain stdout that DCP captures line by line, and no MSBuild node that outlives the resource), the address
/// Aspire allocated for the resource's http endpoint, and the Go server's own arguments as one
/// <c>KickstartServerArguments</c> property.
/// </summary>
internal sealed class WatchCommandLineAnnotation : CommandLineArgsCallbackAnnotation
{
    public WatchCommandLineAnnotation(GoProjectResource resource)
        : base(context => AddAsync(resource, context))
    {
    }

    private static async Task AddAsync(GoProjectResource resource, CommandLineArgsCallbackContext context)
    {
        if (!context.ExecutionContext.IsRunMode)
            return; // Publish mode describes the Go server itself (Publishing/), never the watch.

        context.Args.Add("build");
        context.Args.Add(resource.ProjectPath);
        context.Args.Add("-t:Watch");
        context.Args.Add("-nologo");
        context.Args.Add("-nr:false");
        context.Args.Add("-tl:off");

        if (HttpEndpoint(resource) is { } endpoint)
        {
            // The target port is the one the process listens on (DCP's own proxy, when the endpoint is proxied, listens
            // on the allocated port and forwards there); DCP fills it in when it starts the process.
            var port = endpoint.Property(EndpointProperty.TargetPort);
            string property = resource.UsesDevProxy ? "KickstartProxyUrl" : "KickstartServerUrl";
            context.Args.Add(ReferenceExpression.Create($"-p:{property}=http://127.0.0.1:{port}"));
        }

        // Aspire owns the resource's addresses: a dev proxy the project file turns on for a terminal (the sample's
        // KickstartProxyUrl) would listen on a port of its own and move the server off the allocated one at the first
        // blue/green swap. An empty global property wins over the project's default.
        if (!resource.UsesDevProxy)
            context.Args.Add("-p:KickstartProxyUrl=");

        var serverArguments = await ServerArgumentsAsync(resource, context).ConfigureAwait(false);
        if (serverArguments.Count > 0)
            context.Args.Add("-p:KickstartServerArguments=" + MsBuildEscape(ServerArgumentText.Join(serverArguments)));
    }

    /// <summary>The endpoint the watch serves: the one named <c>http</c>, else the first of the http scheme.</summary>
    public static EndpointReference? HttpEndpoint(GoProjectResource resource)
    {
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.UriScheme == "http").ToList();
        var chosen = endpoints.FirstOrDefault(e => e.Name == "http") ?? endpoints.FirstOrDefault();
        return chosen is null ? null : resource.GetEndpoint(chosen.Name);
    }

    // Runs the callbacks WithArgs added (taken off the resource before it started) and resolves their values: the
    // watch takes the server's arguments as one property, so each must be a string by now.
    private static async Task<List<string>> ServerArgumentsAsync(GoProjectResource resource, CommandLineArgsCallbackContext context)
    {
        var values = new List<object>();
        foreach (var callback in resource.ServerArgumentCallbacks)
        {
            var inner = new CommandLineArgsCallbackContext(values, resource, context.CancellationToken)
            {
                ExecutionContext = context.ExecutionContext,
                Logger = context.Logger,
            };
            await callback.Callback(inner).ConfigureAwait(false);
        }

        var words = new List<string>();
        foreach (object value in values)
        {
            string? text = value switch
            {
                string s => s,
                IValueProvider provider => await provider.GetValueAsync(context.CancellationToken).ConfigureAwait(false),
                _ => value.ToString(),
            };
            if (text is not null)
                words.Add(text);
        }
        return words;
    }

    /// <summary>
    /// A value for <c>-p:NAME=VALUE</c>: MSBuild splits the switch at <c>;</c> and <c>,</c> and expands <c>$</c>,
    /// <c>@</c>, <c>%</c> and wildcards, so each of those is written as its <c>%XX</c> escape (which MSBuild undoes
    /// before a task sees the value).
    /// </summary>
    public static string MsBuildEscape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if ("%;,$@'\"*?()".IndexOf(c) >= 0)
                escaped.Append('%').Append(((int)c).ToString("X2"));
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }
}

/// <summary>
/// Joins words into the text <c>KickstartServerArguments</c> holds, quoted so that the watch splits it back into the
/// same words (it splits at white space and <c>;</c>, honours '…' and "…", and has no backslash escapes).
/// </summary>
internal static class ServerArgumentText
{
    public static string Join(IEnumerable<string> words) => string.Join(" ", words.Select(Quote));

    public static string Quote(string word)
    {
        if (word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is ';' or '\'' or '"'))
            return word;
        if (!word.Contains('\''))
            return "'" + word + "'";
        // Both kinds of quote: quoted runs side by side are one word ('it'"'"'s' is it's).
        var quoted = new StringBuilder();
        foreach (char c in word)
            quoted.Append(c == '\'' ? "\"'\"" : "'" + c + "'");
        return quoted.ToString();
    }
}
