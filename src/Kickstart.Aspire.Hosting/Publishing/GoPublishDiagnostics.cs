namespace Kickstart.Aspire.Hosting.Publishing;

/// <summary>
/// Publish mode's KS codes (KS3010–KS3014; KS3001–KS3009 are run mode's): exceptions of the app host whose message
/// starts with the code and says what to do. Each is listed in README's error-code table.
/// </summary>
internal static class GoPublishDiagnostics
{
    /// <summary>The SDK's GenerateGoDockerfile target failed: the message carries MSBuild's errors (KS2070–KS2074, …).</summary>
    public const string DockerfileGenerationFailed = "KS3010";

    /// <summary>The dotnet CLI that runs the target could not be started.</summary>
    public const string DotnetNotStarted = "KS3011";

    /// <summary>The target ran, but did not say where the Dockerfile and its context are (a project not on Kickstart.Sdk).</summary>
    public const string DockerfileNotReported = "KS3012";

    /// <summary>The target did not end in time.</summary>
    public const string DockerfileGenerationTimedOut = "KS3013";

    /// <summary>The message of an exception: <c>KS3010: text</c>.</summary>
    public static string Format(string code, string text) => code + ": " + text;
}
