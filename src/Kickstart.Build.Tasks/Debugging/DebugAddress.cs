using System;
using System.Globalization;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>KickstartDebugAddress: where Delve listens, host:port as `dlv --listen` takes it (127.0.0.1:2345, [::1]:2345, localhost:2345).</summary>
internal static class DebugAddress
{
    public const string Default = "127.0.0.1:2345";

    public static bool TryParse(string? text, out string host, out int port)
    {
        host = "";
        port = 0;
        string value = (text ?? "").Trim();
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
            return false;
        if (!int.TryParse(value.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            return false;
        host = value.Substring(0, colon);
        if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal))
            host = host.Substring(1, host.Length - 2);
        // An IPv6 address without brackets ("::1:2345") is ambiguous; a host name or an IPv4 address has no colon.
        return host.Length > 0 && (host.IndexOf(':') < 0 || value.StartsWith("[", StringComparison.Ordinal)) && host.IndexOfAny(new[] { ' ', '/', '[', ']' }) < 0;
    }
}
