using System;
using System.Collections.Generic;
using System.Linq;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// Restore for Go: `go mod download` when `go build` will need the module cache. A standard-library module needs
/// nothing, and neither does a vendored one (go builds it from vendor/): no process is started for either.
/// </summary>
public sealed class GoModDownload : GoToolTask
{
    // What go said, apart from errors at a place in a file (go.mod:3: …): one KS1011 tells them all.
    private readonly List<string> _goOutput = new();

    [Required] public string GoModFile { get; set; } = "";
    /// <summary>The build's extra `go build` flags (GoBuildFlags): a -mod there decides as it does for the build.</summary>
    public string? BuildFlags { get; set; }

    protected override string Verb => "mod download";

    protected override bool Run()
    {
        GoModFile goMod = Building.GoModFile.Read(GoModFile);
        if (!goMod.HasRequirements)
        {
            Log.LogMessage(MessageImportance.Low, "go.mod requires no modules; nothing to download.");
            return true;
        }
        if (GoModuleMode.UsesVendor(GoModFile, goMod, CommandLineWords.Split(BuildFlags), ToolchainVariable("GOFLAGS"), ToolchainVariable("GOWORK")))
        {
            Log.LogMessage(MessageImportance.Normal, "go build takes the module's dependencies from vendor/ (-mod=vendor); nothing to download.");
            return true;
        }
        return base.Run();
    }

    protected override string GenerateCommandLineCommands() => "mod download";

    protected override bool HandleOutputLine(string line)
    {
        if (GoDiagnosticParser.IsLocated(line))
            return false;
        _goOutput.Add(line);
        return true;
    }

    // Offline, go prints one line per module it could not fetch (often dozens): the first says why, the count says how many.
    protected override void LogFailure(int exitCode, string output)
    {
        var failures = _goOutput.Select(l => l.Trim()).Where(l => l.Length > 0 && !GoDiagnosticParser.IsProgress(l)).Distinct().ToList();
        string said = failures.Count switch
        {
            0 => output.Length == 0 ? "(no output)" : output,
            1 => failures[0],
            _ => $"{failures[0]} (and {failures.Count - 1} more like it)",
        };
        LogKs(KsDiagnostic.RestoreFailed, exitCode, said);
    }
}
