using System;
using System.Globalization;

namespace Kickstart.Build.Tasks.Diagnostics;

/// <summary>
/// The form each kind of setting must have, in one place: ValidateGoProject reports a setting that does not have it
/// before the toolchain or the watch sees the value, and GoWatch reads its URLs through the same rules.
/// </summary>
internal static class SettingChecks
{
    /// <summary>A whole number, 0 or more, as MSBuild converts it for an int task parameter (no sign, no unit).</summary>
    public static bool IsWholeNumber(string value) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>true or false in any case; empty counts as unset.</summary>
    public static bool IsBoolean(string value)
    {
        string v = value.Trim();
        return v.Length == 0 || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// An absolute http(s) URL that names its port, or null: the watch passes the port on and probes it, so it must be explicit.
    /// </summary>
    public static Uri? ParseUrlWithPort(string text, bool allowHttps)
    {
        string trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? url))
            return null;
        bool schemeOk = url.Scheme == Uri.UriSchemeHttp || (allowHttps && url.Scheme == Uri.UriSchemeHttps);
        bool portGiven = !url.IsDefaultPort || trimmed.Contains(":" + url.Port.ToString(CultureInfo.InvariantCulture));
        return schemeOk && portGiven ? url : null;
    }

    /// <summary>
    /// The same port on this machine (a host of its own, or loopback and "any address" on both sides): a proxy at one
    /// that forwards to the other would be its own upstream.
    /// </summary>
    public static bool IsSameSocket(Uri server, Uri proxy)
    {
        static bool Local(Uri u) => u.IsLoopback || u.IdnHost is "0.0.0.0" or "::";
        return server.Port == proxy.Port
            && (string.Equals(server.IdnHost, proxy.IdnHost, StringComparison.OrdinalIgnoreCase) || (Local(server) && Local(proxy)));
    }
}
