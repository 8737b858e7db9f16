using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>Small HTTP helpers for servers on loopback.</summary>
internal static class Http
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>The body, or null when nothing answered.</summary>
    public static string? TryGet(string url)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            using HttpResponseMessage response = Client.Send(request);
            using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
            return reader.ReadToEnd();
        }
        catch (HttpRequestException) { return null; }
        catch (TaskCanceledException) { return null; }
        // A connection the server accepted and dropped as it stopped (a restart) can surface unwrapped: no answer yet.
        catch (SocketException) { return null; }
    }

    /// <summary>The body's bytes, or null when nothing answered with a success.</summary>
    public static byte[]? GetBytes(string url)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            using HttpResponseMessage response = Client.Send(request);
            if (!response.IsSuccessStatusCode)
                return null;
            using var buffer = new System.IO.MemoryStream();
            response.Content.ReadAsStream().CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (HttpRequestException) { return null; }
        catch (TaskCanceledException) { return null; }
        // A connection the server accepted and dropped as it stopped (a restart) can surface unwrapped: no answer yet.
        catch (SocketException) { return null; }
    }

    public static bool WaitForBody(string url, Func<string, bool> predicate, TimeSpan deadline) =>
        Poll.Until(() => TryGet(url) is { } body && predicate(body), deadline, TimeSpan.FromMilliseconds(10));

    public static bool PortIsFree(int port)
    {
        try
        {
            var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException) { return false; }
    }
}
