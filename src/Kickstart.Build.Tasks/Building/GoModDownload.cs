using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>Restore for Go: `go mod download` when go.mod requires modules; a standard-library module needs nothing and starts no process.</summary>
public sealed class GoModDownload : GoToolTask
{
    [Required] public string GoModFile { get; set; } = "";

    protected override string Verb => "mod download";

    protected override bool Run()
    {
        if (!Building.GoModFile.Read(GoModFile).HasRequirements)
        {
            Log.LogMessage(MessageImportance.Low, "go.mod requires no modules; nothing to download.");
            return true;
        }
        return base.Run();
    }

    protected override string GenerateCommandLineCommands() => "mod download";

    protected override void LogFailure(int exitCode, string output) =>
        LogKs(KsDiagnostic.RestoreFailed, exitCode, output.Length == 0 ? "(no output)" : output);
}
