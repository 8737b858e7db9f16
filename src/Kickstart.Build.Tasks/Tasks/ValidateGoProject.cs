using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// Checks the project's settings before the toolchain runs, so each mistake gets a KS error that says what to change
/// instead of a confusing message from Go (or a stack trace). Reads only a few lines of the main package's files.
/// </summary>
public sealed class ValidateGoProject : Task
{
    [Required] public string ProjectDirectory { get; set; } = "";
    public string MainPackage { get; set; } = ".";
    public string? OutputPath { get; set; }
    public string? OutputFile { get; set; }
    /// <summary>Name=value pairs that must be whole, non-negative numbers.</summary>
    public string? NumericProperties { get; set; }
    /// <summary>Name=value pairs that must be true or false (or empty).</summary>
    public string? BooleanProperties { get; set; }

    public override bool Execute()
    {
        CheckNumbers();
        CheckBooleans();
        CheckOutputPath();
        CheckGoMod();
        CheckMainPackage();
        return !Log.HasLoggedErrors;
    }

    private void Error(KsDiagnostic d, params object?[] args) =>
        Log.LogError(null, d.Code, null, null, 0, 0, 0, 0, d.Format(args));

    private static (string Name, string Value)[] Pairs(string? list) =>
        (list ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(new[] { '=' }, 2))
            .Select(p => (p[0].Trim(), p.Length > 1 ? p[1].Trim() : ""))
            .ToArray();

    private void CheckNumbers()
    {
        foreach (var (name, value) in Pairs(NumericProperties))
        {
            if (value.Length > 0 && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                Error(KsDiagnostic.NotANumber, name, value, 250);
        }
    }

    private void CheckBooleans()
    {
        foreach (var (name, value) in Pairs(BooleanProperties))
        {
            if (value.Length > 0 && !value.Equals("true", StringComparison.OrdinalIgnoreCase) && !value.Equals("false", StringComparison.OrdinalIgnoreCase))
                Error(KsDiagnostic.NotABoolean, name, value);
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
