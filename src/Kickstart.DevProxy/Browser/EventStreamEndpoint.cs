using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kickstart.DevProxy.Browser;

/// <summary>Serves <c>/_kickstart/events</c>: a Server-Sent Events stream of <see cref="BrowserEvents"/>, each event flushed at once.</summary>
internal sealed class EventStreamEndpoint
{
    private readonly BrowserEvents _events;
    private readonly CancellationToken _stopping;

    public EventStreamEndpoint(BrowserEvents events, CancellationToken stopping)
    {
        _events = events;
        _stopping = stopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        using BrowserSubscription subscription = _events.Subscribe();
        try
        {
            // retry: how soon the browser reconnects after the stream breaks (for instance a new Watch session).
            await context.Response.WriteAsync("retry: 1000\n: kickstart\n\n", cancellation.Token);
            await context.Response.Body.FlushAsync(cancellation.Token);
            await foreach (ServerSentEvent message in subscription.Events.ReadAllAsync(cancellation.Token))
            {
                await context.Response.WriteAsync(message.ToWireFormat(), cancellation.Token);
                await context.Response.Body.FlushAsync(cancellation.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away or the proxy is stopping: both end the stream.
        }
    }
}
