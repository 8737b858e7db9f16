using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// Runs the real `dotnet` CLI the way a user would, with an environment cleaned of what the test host itself inherited
/// from the outer `dotnet test` (MSBuild paths, SDK paths), no node reuse (so no MSBuild process outlives a test), and
/// the run's own package cache.
/// </summary>
internal static class Dotnet
{
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
            psi.ArgumentList.Add(a);
        DotnetEnvironment.Scrub(psi, TestRun.NuGetPackagesCache);
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null) psi.Environment.Remove(key);
                else psi.Environment[key] = value;
            }
        }
        return psi;
    }

    /// <summary>Runs dotnet to completion (bounded by <paramref name="timeout"/>, then the process tree is killed and the test fails).</summary>
    public static CommandResult Run(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        ProcessStartInfo psi = StartInfo(workingDirectory, arguments, environment);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)(timeout ?? TimeSpan.FromMinutes(3)).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"dotnet {string.Join(' ', psi.ArgumentList)} did not finish in time:\n{output}");
        }
        process.WaitForExit(); // drains the asynchronous readers
        lock (output)
            return new CommandResult("dotnet " + string.Join(' ', psi.ArgumentList), process.ExitCode, output.ToString());
    }
}
