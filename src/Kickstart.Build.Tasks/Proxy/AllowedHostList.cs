using System;
using System.Collections.Generic;
using System.Linq;

namespace Kickstart.Build.Tasks.Proxy;

/// <summary>
/// KickstartProxyAllowedHosts: the names, besides its own, the dev proxy answers to. Checked here so a wrong entry is
/// a KS error naming the property; the proxy checks by the same rule (Kickstart.DevProxy/Hosting/HostAllowList.cs).
/// </summary>
internal static class AllowedHostList
{
    /// <summary>Entries separated by semicolons or commas; false and the first bad entry when one is not a host.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<string> entries, out string? bad)
    {
        string[] all = (text ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.Length > 0).ToArray();
        entries = all;
        bad = all.FirstOrDefault(e => !IsValidEntry(e));
        return bad is null;
    }

    /// <summary>A host name, an IP address (IPv6 with or without brackets) or <c>*.</c> and a name; no scheme, no port.</summary>
    private static bool IsValidEntry(string entry)
    {
        string host = entry.StartsWith("*.", StringComparison.Ordinal) ? entry.Substring(2) : entry;
        return Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }
}
