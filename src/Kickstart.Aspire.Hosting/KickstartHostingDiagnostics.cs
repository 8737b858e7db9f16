namespace Kickstart.Aspire.Hosting;

/// <summary>
/// The hosting package's own KS codes (KS3001–KS3009; KS3010–KS3014 are publish mode's): errors of the app host's
/// model, raised as exceptions whose message starts with the code, and the control channel's warnings in the
/// resource's log. Each is defined here once and listed in README's error-code table.
/// </summary>
internal static class KickstartHostingDiagnostics
{
    /// <summary>AddGoProject's project file does not exist.</summary>
    public const string ProjectNotFound = "KS3001";

    /// <summary>AddGoProject was given a directory, not a project file.</summary>
    public const string ProjectIsDirectory = "KS3002";

    /// <summary>WithDevProxy on a resource without an http endpoint: the proxy has no address to listen on.</summary>
    public const string DevProxyWithoutHttpEndpoint = "KS3003";

    /// <summary>A connection to the control channel did not carry the resource's token: dropped (a warning in its log).</summary>
    public const string ChannelTokenMismatch = "KS3004";

    /// <summary>The message of an exception or a log line: <c>KS3001: text</c>.</summary>
    public static string Format(string code, string text) => code + ": " + text;
}
