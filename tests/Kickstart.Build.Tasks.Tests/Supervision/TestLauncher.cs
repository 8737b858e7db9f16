using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>
/// Kickstart's launcher, built once per test run from src/Kickstart.Sdk/launcher with the real go command, the way the
/// SDK's _KickstartBuildLauncher target builds it for a project.
/// </summary>
internal static class TestLauncher
{
    private static readonly Lazy<string> Built = new(Build);

    internal static string Path => Built.Value;

    private static string Build()
    {
        string source = typeof(TestLauncher).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LauncherSourceDirectory").Value!;
        string directory = Directory.CreateTempSubdirectory("kickstart-launcher-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        };
        string output = System.IO.Path.Combine(directory, "kickstart-launcher");

        var go = new ProcessStartInfo("go") { WorkingDirectory = source, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "build", "-o", output, "-ldflags=-s -w", "-buildvcs=false", "." })
            go.ArgumentList.Add(argument);
        go.Environment["CGO_ENABLED"] = "0";
        go.Environment["GOFLAGS"] = "";
        go.Environment["GOWORK"] = "off";
        using Process process = Process.Start(go)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"go build of the launcher failed ({process.ExitCode}): {errors}");
        return output;
    }
}
