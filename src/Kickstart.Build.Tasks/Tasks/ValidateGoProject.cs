using System;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.Supervision;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// Checks the project's settings before the toolchain runs, so each mistake gets a KS error that says what to change
/// instead of a confusing message from Go (or a stack trace). Reads only a few lines of the main package's files.
/// </summary>
/// <remarks>
/// The one place where the form of a setting is checked. Task parameters elsewhere are typed (int, bool), and MSBuild
/// would refuse a wrong value with MSB4030, which does not say which property to fix: this task runs first, in every
/// build and before the watch starts (SettingsOnly, with the watch's own settings), and says it with a KS code.
/// </remarks>
public sealed class ValidateGoProject : Task
{
    [Required] public string ProjectDirectory { get; set; } = "";
    /// <summary>Only the settings, not the project's files: the watch checks these before it starts, each of its builds the rest.</summary>
    public bool SettingsOnly { get; set; }
    public string MainPackage { get; set; } = ".";
    public string? OutputPath { get; set; }
    public string? OutputFile { get; set; }
    /// <summary>Settings that must be whole, non-negative numbers (or empty): the property's name, its value in Value.</summary>
    public ITaskItem[] NumberSettings { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>Settings that must be true or false (or empty): the property's name, its value in Value.</summary>
    public ITaskItem[] BooleanSettings { get; set; } = Array.Empty<ITaskItem>();
    /// <summary>The watch's settings (KickstartServerUrl, KickstartProxyUrl, KickstartServerStopSignal, KickstartServerSwap, KickstartServerEnvironment): checked when given.</summary>
    public string? ServerUrl { get; set; }
    public string? ProxyUrl { get; set; }
    public string? ServerStopSignal { get; set; }
    public string? ServerSwap { get; set; }
    public string? ServerEnvironment { get; set; }
    /// <summary>The items the watch watches: each one's KickstartOnChange must be a value the watch knows (or empty: rebuild).</summary>
    public ITaskItem[] WatchItems { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        CheckNumbers();
        CheckBooleans();
        CheckWatchSettings();
        CheckWatchItems();
        if (SettingsOnly)
            return !Log.HasLoggedErrors;
        CheckOutputPath();
        CheckGoMod();
        CheckMainPackage();
        return !Log.HasLoggedErrors;
    }

    private void Error(KsDiagnostic d, params object?[] args) =>
        Log.LogError(null, d.Code, null, null, 0, 0, 0, 0, d.Format(args));

    private void CheckNumbers()
    {
        foreach (ITaskItem setting in NumberSettings)
        {
            string value = setting.GetMetadata("Value");
            if (value.Trim().Length > 0 && !SettingChecks.IsWholeNumber(value))
                Error(KsDiagnostic.NotANumber, setting.ItemSpec, value.Trim());
        }
    }

    private void CheckBooleans()
    {
        foreach (ITaskItem setting in BooleanSettings)
        {
            string value = setting.GetMetadata("Value");
            if (!SettingChecks.IsBoolean(value))
                Error(KsDiagnostic.NotABoolean, setting.ItemSpec, value.Trim());
        }
    }

    private void CheckWatchSettings()
    {
        Uri? server = null;
        if (!string.IsNullOrWhiteSpace(ServerUrl) && (server = SettingChecks.ParseUrlWithPort(ServerUrl!, allowHttps: true)) is null)
            Error(KsDiagnostic.BadServerUrl, ServerUrl);
        Uri? proxy = null;
        if (!string.IsNullOrWhiteSpace(ProxyUrl) && (proxy = SettingChecks.ParseUrlWithPort(ProxyUrl!, allowHttps: false)) is null)
            Error(KsDiagnostic.BadProxyUrl, ProxyUrl);
        if (server is not null && proxy is not null && SettingChecks.IsSameSocket(server, proxy))
            Error(KsDiagnostic.ProxyLoopsToItself, ServerUrl!.Trim(), ProxyUrl!.Trim());
        if (ServerStopSignal is not null && !ServerStopSignalParser.TryParse(ServerStopSignal, out _))
            Error(KsDiagnostic.BadStopSignal, ServerStopSignal);
        if (ServerSwap is not null && !ServerSwapModeParser.TryParse(ServerSwap, out _))
            Error(KsDiagnostic.BadServerSwap, ServerSwap!.Trim());
        if (!EnvironmentList.TryParse(ServerEnvironment, out _, out string? badEntry))
            Error(KsDiagnostic.BadEnvironmentEntry, badEntry, "KickstartServerEnvironment");
    }

    private void CheckWatchItems()
    {
        foreach (ITaskItem item in WatchItems)
        {
            string value = item.GetMetadata(FileWatching.ChangeNeeds.Metadata);
            if (value.Trim().Length > 0 && !FileWatching.ChangeNeeds.TryParse(value, out _))
                Error(KsDiagnostic.BadOnChange, item.ItemSpec, value.Trim(), FileWatching.ChangeNeeds.Allowed);
        }
    }

    private void CheckOutputPath()
    {
        if (string.IsNullOrWhiteSpace(OutputPath))
            return;
        string full = Path.GetFullPath(Path.Combine(ProjectDirectory, OutputPath!.TrimEnd('\\', '/')));
        if (File.Exists(full))
            Error(KsDiagnostic.OutputPathIsFile, OutputPath);
        else if (!string.IsNullOrWhiteSpace(OutputFile) && Directory.Exists(Path.GetFullPath(Path.Combine(ProjectDirectory, OutputFile!))))
            Error(KsDiagnostic.OutputPathIsFile, OutputFile);
    }

    private void CheckGoMod()
    {
        if (GoModFile.FindAbove(ProjectDirectory) is null)
            Error(KsDiagnostic.NoGoMod, ProjectDirectory);
    }

    private void CheckMainPackage()
    {
        string pattern = GoBuild.ToGoPackagePattern(MainPackage);
        // An import path (example.com/x/cmd/server) is Go's to resolve; only directories are checked here.
        if (!pattern.StartsWith(".", StringComparison.Ordinal) && !Path.IsPathRooted(pattern))
            return;
        string dir = Path.GetFullPath(Path.Combine(ProjectDirectory, pattern));
        if (!Directory.Exists(dir))
        {
            Error(KsDiagnostic.MainPackageMissing, MainPackage, ProjectDirectory);
            return;
        }
        string[] sources = Directory.GetFiles(dir, "*.go").Where(f => !f.EndsWith("_test.go", StringComparison.Ordinal)).ToArray();
        if (sources.Length == 0)
        {
            Error(KsDiagnostic.NoGoFiles, MainPackage);
            return;
        }
        string? package = sources.Select(GoSourceHeader.ReadPackageName).FirstOrDefault(p => p is not null);
        if (package is not null && package != "main")
            Error(KsDiagnostic.MainPackageNotMain, MainPackage, package);
    }
}
