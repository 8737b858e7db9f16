using System;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>Decides whether a failed forward may be sent again once the server is back, without doing anything twice.</summary>
internal static class RetryPolicy
{
    public static bool MayRetry(HttpContext context, ForwarderError error, Exception? exception)
    {
        // Once the browser has seen a byte of the answer there is nothing to take back.
        if (context.Response.HasStarted || error != ForwarderError.Request)
            return false;
        // No connection means nothing was sent: always safe, whatever the method.
        if (IsConnectionFailure(exception))
            return true;
        // The old server closing a connection before answering (it is being stopped) is safe to retry only for a
        // request that changes nothing and has no body that could have been half consumed.
        return IsSafeMethod(context.Request.Method)
            && context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true }
            && (IsResponseEnded(exception) || IsConnectionReset(exception));
    }

    private static bool IsConnectionFailure(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
                return true;
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                return true;
        }
        return false;
    }

    private static bool IsResponseEnded(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded })
                return true;
        }
        return false;
    }

    // The server closed (or reset) the connection under the request: what a stopping server does to idle keep-alives.
    private static bool IsConnectionReset(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
                return true;
        }
        return false;
    }

    private static bool IsSafeMethod(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
