using System;
using System.IO;
using System.Linq;
using System.Text;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// Writes the project's Dockerfile (and the module root's .dockerignore) from the build's own settings: see
/// <see cref="GoDockerfile"/>. A file whose first line is not Kickstart's marker is the user's and is never written;
/// a file Kickstart wrote is written again only when its text would change.
/// </summary>
public sealed class GenerateGoDockerfile : Task
{
    [Required] public string ProjectFile { get; set; } = "";
    /// <summary>The build context: the module root, the directory of the nearest go.mod (GoDockerContextDirectory); empty when there is none.</summary>
    public string? ModuleRoot { get; set; }
    /// <summary>Where the Dockerfile goes, relative to the project directory or full.</summary>
    [Required] public string DockerfilePath { get; set; } = "";
    public string MainPackage { get; set; } = ".";
    [Required] public string ExecutableName { get; set; } = "";
    public string? Tags { get; set; }
    public string? LdFlags { get; set; }
    public string? BuildFlags { get; set; }
    [Required] public string BuildImage { get; set; } = "";
    [Required] public string RuntimeImage { get; set; } = "";

    public override bool Execute()
    {
        string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        if (string.IsNullOrWhiteSpace(ModuleRoot) || !File.Exists(Path.Combine(ModuleRoot, "go.mod")))
            return Error(KsDiagnostic.DockerfileNoGoMod, projectDirectory);
        string moduleRoot = Path.GetFullPath(ModuleRoot).TrimEnd(Path.DirectorySeparatorChar);
        string goModPath = Path.Combine(moduleRoot, "go.mod");
        GoModFile goMod = GoModFile.Read(goModPath);

        string buildImage = BuildImage.Trim();
        string runtimeImage = RuntimeImage.Trim();
        if (!GoDockerfile.IsImageReference(buildImage))
            Error(KsDiagnostic.DockerfileBadImage, "GoDockerBuildImage", buildImage);
        if (!GoDockerfile.IsImageReference(runtimeImage))
            Error(KsDiagnostic.DockerfileBadImage, "GoDockerRuntimeImage", runtimeImage);
        if (Log.HasLoggedErrors)
            return false;
        if (!GoDockerfile.HasTag(buildImage))
        {
            if (string.IsNullOrEmpty(goMod.GoVersion))
                return Error(KsDiagnostic.DockerfileNoGoVersion, goModPath);
            buildImage += ":" + goMod.GoVersion;
        }

        string pattern = GoBuild.ToGoPackagePattern(MainPackage);
        if (pattern.StartsWith(".", StringComparison.Ordinal) && !IsUnder(Path.GetFullPath(Path.Combine(projectDirectory, pattern)), moduleRoot))
            return Error(KsDiagnostic.DockerfileMainPackageOutsideModule, MainPackage, moduleRoot);

        // In the image there is no go.work (the context is the module) and vendor/ is copied with the module.
        bool vendored = GoModuleMode.UsesVendor(goModPath, goMod, CommandLineWords.Split(BuildFlags), null, "off");
        var dockerfile = new GoDockerfile
        {
            ProjectFileName = Path.GetFileName(ProjectFile),
            ProjectDirectoryInModule = RelativeDirectory(moduleRoot, projectDirectory),
            MainPackage = MainPackage,
            ExecutableName = ExecutableName,
            BuildImage = buildImage,
            RuntimeImage = runtimeImage,
            DownloadsModules = goMod.HasRequirements && !vendored,
            Tags = Tags,
            LdFlags = LdFlags,
            BuildFlags = BuildFlags,
        };

        string dockerfilePath = Path.GetFullPath(Path.Combine(projectDirectory, DockerfilePath));
        string? owner = FirstLine(dockerfilePath) is string first ? GoDockerfile.ProjectOf(first) ?? "" : null;
        if (owner == "")
            Log.LogMessage(MessageImportance.High, "{0} has no Kickstart marker line: it is yours, and Kickstart leaves it as it is (its build context is the module root, {1}).", dockerfilePath, moduleRoot);
        else if (owner is not null && owner != dockerfile.ProjectFileName)
            return Error(KsDiagnostic.DockerfileOfAnotherProject, dockerfilePath, owner, dockerfile.ProjectFileName, Path.GetFileNameWithoutExtension(ProjectFile));
        else
            WriteIfDifferent(dockerfilePath, dockerfile.Render());

        string dockerIgnore = Path.Combine(moduleRoot, ".dockerignore");
        string? ignoreFirst = FirstLine(dockerIgnore);
        if (ignoreFirst is null || ignoreFirst.StartsWith(GoDockerfile.MarkerPrefix, StringComparison.Ordinal))
            WriteIfDifferent(dockerIgnore, GoDockerfile.RenderDockerIgnore());
        return !Log.HasLoggedErrors;
    }

    private bool Error(KsDiagnostic d, params object?[] args)
    {
        Log.LogError(null, d.Code, null, ProjectFile, 0, 0, 0, 0, d.Format(args));
        return false;
    }

    private void WriteIfDifferent(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            Log.LogMessage(MessageImportance.Low, "{0} is up to date.", path);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Log.LogMessage(MessageImportance.High, "{0} -> {1}", Path.GetFileName(ProjectFile), path);
    }

    // The first line of a file, "" for an empty one, null when there is no file.
    private static string? FirstLine(string path)
    {
        if (!File.Exists(path))
            return null;
        using var reader = new StreamReader(path);
        return reader.ReadLine() ?? "";
    }

    private static bool IsUnder(string path, string directory)
    {
        string dir = directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return (path.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).StartsWith(dir, StringComparison.Ordinal);
    }

    private static string RelativeDirectory(string root, string directory)
    {
        string rootFull = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        string full = directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.Length <= rootFull.Length ? "" : full.Substring(rootFull.Length).TrimEnd(Path.DirectorySeparatorChar).Replace('\\', '/');
    }
}
