using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kickstart.Contracts;
using Kickstart.DevProxy.Browser;
using Kickstart.DevProxy.Control;
using Kickstart.DevProxy.Forwarding;
using Kickstart.DevProxy.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Kickstart.DevProxy;

/// <summary>
/// <c>dotnet Kickstart.DevProxy.dll --listen http://127.0.0.1:8080 --upstream http://127.0.0.1:PORT [--hold-timeout-ms 5000] [--allowed-hosts "name;…"]</c>.
/// </summary>
/// <remarks>
/// Contract with the Watch task (<see cref="DevProxyContract"/>): one line <see cref="DevProxyContract.ListeningPrefix"/>
/// and the URL on standard output once bound; <c>kickstart-proxy: error: …</c> on standard error and
/// <see cref="DevProxyContract.ExitCannotListen"/> or <see cref="DevProxyContract.ExitBadArguments"/> otherwise;
/// control messages (<see cref="ControlMessage"/>) as JSON lines on standard input, whose end stops the proxy
/// (see <see cref="ControlChannel"/>).
/// </remarks>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ProxyOptions options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (InvalidArgumentsException e)
        {
            return Fail(DevProxyContract.ExitBadArguments, e.Message);
        }

        var gate = new UpstreamGate(options.Upstream);
        var events = new BrowserEvents();
        WebApplication app;
        try
        {
            app = ProxyApplication.Build(options, gate, events);
        }
        catch (InvalidArgumentsException e)
        {
            return Fail(DevProxyContract.ExitBadArguments, e.Message);
        }

        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch (IOException e)
            {
                string reason = e.InnerException is AddressInUseException
                    ? "the address is already in use (another program, or another Watch, listens there)"
                    : e.Message.TrimEnd('.');
                return Fail(DevProxyContract.ExitCannotListen, $"cannot listen on {options.Listen.GetLeftPart(UriPartial.Authority)}: {reason}.");
            }
            catch (InvalidArgumentsException e)
            {
                return Fail(DevProxyContract.ExitBadArguments, e.Message);
            }

            Console.Out.WriteLine(DevProxyContract.ListeningPrefix + BoundUrl(app, options.Listen));
            Console.Out.Flush();

            new ControlChannel(Console.In, gate, events, Console.Error, onEndOfInput: () => app.Lifetime.StopApplication()).Start();
            await app.WaitForShutdownAsync();
        }
        return DevProxyContract.ExitStopped;
    }

    private static int Fail(int exitCode, string sentence)
    {
        Console.Error.WriteLine($"kickstart-proxy: error: {sentence}");
        return exitCode;
    }

    /// <summary>The listen URL with the port Kestrel really bound (they differ when port 0 asked for a free one).</summary>
    private static string BoundUrl(WebApplication app, Uri listen)
    {
        string? bound = ((IApplicationBuilder)app).ServerFeatures.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        int port = bound is not null && Uri.TryCreate(bound, UriKind.Absolute, out Uri? address) ? address.Port : listen.Port;
        return new UriBuilder(listen) { Port = port }.Uri.GetLeftPart(UriPartial.Authority);
    }
}
