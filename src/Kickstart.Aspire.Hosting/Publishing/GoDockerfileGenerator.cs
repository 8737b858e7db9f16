using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Kickstart.Aspire.Hosting.Publishing;

/// <summary>Where a Go project's Dockerfile is, and the directory it builds from (the module root).</summary>
internal sealed record GoDockerfileLocation(string DockerfilePath, string ContextDirectory);

/// <summary>
/// Has the SDK write the project's Dockerfile: <c>dotnet build PROJECT -t:GenerateGoDockerfile</c>, the target that
/// knows the build's settings (Kickstart.Dockerfile.targets), asked for the file's path and its build context
/// (<c>-getProperty</c>) in the same run. The hosting package never writes a Dockerfile itself.
/// </summary>
internal static class GoDockerfileGenerator
{
    public const string TargetName = "GenerateGoDockerfile";
    private const string DockerfileProperty = "GoDockerfileFullPath";
    private const string ContextProperty = "GoDockerContextDirectory";

    // A first build restores the SDK package; after that the target takes well under a second of MSBuild's own time.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // What a parent dotnet (`dotnet run` of the app host, `dotnet test`) leaves in the environment that would make the
    // child's MSBuild load the parent's SDK files instead of its own.
    private static readonly string[] InheritedMSBuildVariables =
    {
        "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE",
    };

    public static GoDockerfileLocation Generate(string resourceName, string projectPath)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = Path.GetDirectoryName(projectPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     "build", projectPath, "-t:" + TargetName, "-nologo", "-v:q", "-nodeReuse:false", "-tl:off",
                     "-getProperty:" + DockerfileProperty, "-getProperty:" + ContextProperty,
                 })
            start.ArgumentList.Add(argument);
        foreach (string name in InheritedMSBuildVariables)
            start.Environment.Remove(name);
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        string commandLine = "dotnet " + string.Join(" ", start.ArgumentList);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException(GoPublishDiagnostics.Format(GoPublishDiagnostics.DotnetNotStarted,
                $"'{resourceName}': the Dockerfile of {projectPath} is written by '{commandLine}', and '{dotnet}' could not be started ({e.Message}). Put the .NET SDK's dotnet on PATH."), e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            throw new TimeoutException(GoPublishDiagnostics.Format(GoPublishDiagnostics.DockerfileGenerationTimedOut,
                $"'{resourceName}': '{commandLine}' did not end within {Timeout.TotalMinutes} minutes. Run it in a terminal to see what it waits for."));
        }
        process.WaitForExit(); // drains the asynchronous readers

        string output, errors;
        lock (stdout) output = stdout.ToString();
        lock (stderr) errors = stderr.ToString();
        if (process.ExitCode != 0)
        {
            string msbuildErrors = string.Join(Environment.NewLine, (errors + output).Split('\n').Select(l => l.TrimEnd('\r')).Where(IsMSBuildError).Distinct());
            throw new InvalidOperationException(GoPublishDiagnostics.Format(GoPublishDiagnostics.DockerfileGenerationFailed,
                $"'{resourceName}': Kickstart could not write the Dockerfile of {projectPath} ('{commandLine}' exited with code {process.ExitCode}). Fix what MSBuild says and publish again:{Environment.NewLine}"
                + (msbuildErrors.Length > 0 ? msbuildErrors : (errors + output).Trim())));
        }

        var properties = ReadProperties(output);
        if (properties is null || !properties.TryGetValue(DockerfileProperty, out string? dockerfile) || dockerfile.Length == 0
            || !properties.TryGetValue(ContextProperty, out string? context) || context.Length == 0)
            throw new InvalidOperationException(GoPublishDiagnostics.Format(GoPublishDiagnostics.DockerfileNotReported,
                $"'{resourceName}': '{commandLine}' succeeded but did not report {DockerfileProperty} and {ContextProperty}. Is {projectPath} a project on Kickstart.Sdk 0.1.0 or later?"));
        return new GoDockerfileLocation(dockerfile, context);
    }

    // MSBuild's canonical error lines: "file(line,col): error CODE: text" or "file : error CODE: text".
    private static bool IsMSBuildError(string line) => line.Contains(": error ", StringComparison.Ordinal);

    // -getProperty's answer: {"Properties": {"Name": "value", …}}, alone on stdout at -v:q.
    private static Dictionary<string, string>? ReadProperties(string output)
    {
        int start = output.IndexOf('{');
        int end = output.LastIndexOf('}');
        if (start < 0 || end < start)
            return null;
        try
        {
            using var json = JsonDocument.Parse(output.Substring(start, end - start + 1));
            if (!json.RootElement.TryGetProperty("Properties", out JsonElement properties))
                return null;
            return properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
