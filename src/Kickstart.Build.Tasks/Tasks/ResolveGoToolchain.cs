using System;
using System.IO;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>Finds go (GoToolPath, else PATH) and its version, without starting a process.</summary>
public sealed class ResolveGoToolchain : Task
{
    /// <summary>The go executable, or a directory holding it; empty means "go from PATH".</summary>
    public string? GoToolPath { get; set; }

    [Output] public string GoToolFullPath { get; private set; } = "";
    [Output] public string GoRoot { get; private set; } = "";
    [Output] public string GoVersion { get; private set; } = "";

    public override bool Execute()
    {
        string? tool;
        if (!string.IsNullOrWhiteSpace(GoToolPath))
        {
            tool = GoToolPath!.Trim();
            if (Directory.Exists(tool))
                tool = GoToolchainLocator.FindOnPath(tool);
            if (tool is null || !File.Exists(tool))
            {
                Log.LogError(null, KsDiagnostic.GoToolPathMissing.Code, null, null, 0, 0, 0, 0, KsDiagnostic.GoToolPathMissing.Format(GoToolPath));
                return false;
            }
            tool = Path.GetFullPath(tool);
        }
        else
        {
            tool = GoToolchainLocator.FindOnPath(Environment.GetEnvironmentVariable("PATH"));
            if (tool is null)
            {
                Log.LogError(null, KsDiagnostic.GoNotFound.Code, null, null, 0, 0, 0, 0, KsDiagnostic.GoNotFound.Format());
                return false;
            }
        }

        GoToolchain toolchain = GoToolchainLocator.Describe(tool);
        GoToolFullPath = toolchain.GoTool;
        GoRoot = toolchain.GoRoot ?? "";
        GoVersion = toolchain.Version ?? "";
        if (toolchain.Version is null)
            Log.LogWarning(null, KsDiagnostic.GoVersionUnknown.Code, null, null, 0, 0, 0, 0, KsDiagnostic.GoVersionUnknown.Format(tool));
        Log.LogMessage(MessageImportance.Low, $"Go toolchain: {GoToolFullPath} ({GoVersion}, GOROOT {GoRoot})");
        return true;
    }
}
