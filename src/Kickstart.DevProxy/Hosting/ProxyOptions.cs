using System;
using System.Collections.Generic;

namespace Kickstart.DevProxy.Hosting;

/// <summary>What the command line asks for, already validated.</summary>
/// <param name="Listen">The address the browser uses: scheme http, a host and a port (0 picks a free one), no path.</param>
/// <param name="Upstream">The Go server's address at start; <c>ready</c> messages may change it.</param>
/// <param name="HoldTimeout">How long a request waits for the server to come back before it is answered 503; zero: not at all.</param>
/// <param name="AllowedHosts">Host names the proxy answers to besides its own (see <see cref="HostAllowList"/>).</param>
internal sealed record ProxyOptions(Uri Listen, Uri Upstream, TimeSpan HoldTimeout, IReadOnlyList<string> AllowedHosts)
{
    public static readonly TimeSpan DefaultHoldTimeout = TimeSpan.FromMilliseconds(5000);
}
