using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>
/// Forwards a request to the Go server, holding it instead of failing it while the server restarts: it waits while the
/// gate is closed, and when the server refuses the connection it waits for the next <c>ready</c> (or polls briefly, in
/// case the server came back on its own) and sends the request again, all within the hold timeout.
/// </summary>
internal sealed class HoldingForwarder
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    // Long enough for an idle Server-Sent Events or WebSocket connection of the app; a dev server has no slow clients
    // to protect against.
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromHours(1) };

    private readonly IHttpForwarder _forwarder;
    private readonly UpstreamConnectionPools _pools = new();
    private readonly HttpTransformer _transformer;
    private readonly UpstreamGate _gate;
    private readonly TimeSpan _holdTimeout;
    private readonly CancellationToken _stopping;

    public HoldingForwarder(IHttpForwarder forwarder, HttpTransformer transformer, UpstreamGate gate, TimeSpan holdTimeout, CancellationToken stopping)
    {
        _forwarder = forwarder;
        _transformer = transformer;
        _gate = gate;
        _holdTimeout = holdTimeout;
        _stopping = stopping;
    }

    public async Task ForwardAsync(HttpContext context)
    {
        Deadline deadline = Deadline.After(_holdTimeout);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        try
        {
            while (true)
            {
                UpstreamTurn? turn = await _gate.WaitUntilOpenAsync(deadline, waiting.Token);
                if (turn is not { } open)
                {
                    await UnavailablePage.WriteAsync(context, _holdTimeout);
                    return;
                }

                // Taken with the upstream, before sending, so a ready that comes while the attempt fails is not missed.
                Task nextRelease = open.NextRelease;
                HttpMessageInvoker client = _pools.For(open.Generation);
                ForwarderError error = await _forwarder.SendAsync(context, open.Upstream.AbsoluteUri, client, RequestConfig, _transformer);
                if (error == ForwarderError.None)
                    return;

                IForwarderErrorFeature? failure = context.Features.Get<IForwarderErrorFeature>();
                if (!RetryPolicy.MayRetry(context, error, failure?.Exception))
                    return; // YARP has answered 502 (or the client is gone): the failure is real, not a restart

                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature>(null);
                if (deadline.HasPassed)
                {
                    await UnavailablePage.WriteAsync(context, _holdTimeout);
                    return;
                }
                await WaitForRetryAsync(nextRelease, deadline, waiting.Token);
            }
        }
        catch (OperationCanceledException) when (waiting.IsCancellationRequested)
        {
            // The browser gave up or the proxy is stopping: there is no one left to answer.
        }
    }

    private static async Task WaitForRetryAsync(Task nextRelease, Deadline deadline, CancellationToken cancellation)
    {
        TimeSpan pause = deadline.Remaining < RetryInterval ? deadline.Remaining : RetryInterval;
        try
        {
            await nextRelease.WaitAsync(pause, cancellation);
        }
        catch (TimeoutException)
        {
            // Poll again: a server restarted without a ready (by hand, say) is found within one interval.
        }
    }
}
