using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Kickstart.TestSupport;

/// <summary>
/// The environment a `dotnet` child gets from the tests and the benchmark: cleaned of what the parent inherited from
/// the outer `dotnet test` / `dotnet run` (MSBuild paths, SDK paths, test-host switches), no node reuse (so no MSBuild
/// process outlives the run), English messages, no terminal logger, and a package cache of the caller's own.
/// </summary>
public static class DotnetEnvironment
{
    private static readonly string[] InheritedVariablesToDrop =
    {
        "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly",
        "_MSBUILDTLENABLED", "DOTNET_HOST_PATH", "MSBUILDNOINPROCNODE", "MSBuildCacheEnabled", "MSBUILDLOGASYNC",
        // Set by `dotnet test` for its own child processes; MSBUILDENSURESTDOUTFORTASKPROCESSES turns the terminal logger off.
        "MSBUILDENSURESTDOUTFORTASKPROCESSES", "DOTNET_CLI_USE_MSBUILD_SERVER", "MSBUILDFAILONDRIVEENUMERATINGWILDCARD", "UseSharedCompilation",
    };

    /// <summary>Prefixes of the test host's own variables (VSTEST_HOST_DEBUG, TESTINGPLATFORM_…).</summary>
    private static readonly string[] InheritedPrefixesToDrop = { "VSTEST_", "TESTINGPLATFORM_" };

    public static void Scrub(ProcessStartInfo psi, string nuGetPackages)
    {
        foreach (string name in InheritedVariablesToDrop)
            psi.Environment.Remove(name);
        foreach (string key in new List<string>(psi.Environment.Keys))
        {
            foreach (string prefix in InheritedPrefixesToDrop)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                    psi.Environment.Remove(key);
            }
        }
        psi.Environment["NUGET_PACKAGES"] = nuGetPackages;
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        psi.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        psi.Environment["MSBUILDTERMINALLOGGER"] = "off";
    }
}
