using System.Collections.Generic;
using System.Linq;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Proxy;

/// <summary>
/// KickstartProxyAllowedHosts: the names, besides its own, the dev proxy answers to. Checked here, by the rule the
/// proxy checks them by (<see cref="DevProxyArguments"/>), so a wrong entry is a KS error naming the property.
/// </summary>
internal static class AllowedHostList
{
    /// <summary>Entries separated by semicolons or commas; false and the first bad entry when one is not a host.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<string> entries, out string? bad)
    {
        entries = DevProxyArguments.SplitAllowedHosts(text);
        bad = entries.FirstOrDefault(e => !DevProxyArguments.IsAllowedHostEntry(e));
        return bad is null;
    }
}
