using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;

namespace Kickstart.Benchmarks.Fixtures;

/// <summary>
/// A Go module the benchmark generated (beside the sample copy), with a one-line Kickstart project and one file whose
/// <c>const Greeting = "…"</c> the edits change: what the floor and edit → serving figures need of any module.
/// </summary>
internal sealed class GoModule
{
    private static readonly Regex GreetingLine = new("const Greeting = \"[^\"]*\"", RegexOptions.Compiled);
    private readonly string _original;

    public GoModule(string dir, string projectPath, string editFile, string ldFlags = "", string mainPackage = ".")
    {
        Dir = dir;
        ProjectPath = projectPath;
        EditFile = editFile;
        LdFlags = ldFlags;
        MainPackage = mainPackage;
        _original = File.ReadAllText(editFile);
        if (!GreetingLine.IsMatch(_original))
            throw new InvalidOperationException($"no `const Greeting = \"...\"` in {editFile}");
    }

    public string Dir { get; }
    public string ProjectPath { get; }
    /// <summary>The file the edits write (a one-line change of its Greeting).</summary>
    public string EditFile { get; }
    public string LdFlags { get; }
    public string MainPackage { get; }
    /// <summary>Where the floor's `go build` writes (never where the watch's binary lives).</summary>
    public string FloorBinary => Path.Combine(Dir, "floor-bin", "server");

    public string With(string greeting) => GreetingLine.Replace(_original, $"const Greeting = \"{greeting}\"");

    public void WriteInPlace(string greeting) => File.WriteAllText(EditFile, With(greeting));

    public void WriteTempThenRename(string greeting)
    {
        string temp = Path.Combine(Path.GetDirectoryName(EditFile)!, "." + Path.GetFileName(EditFile) + ".bench-tmp");
        File.WriteAllText(temp, With(greeting));
        File.Move(temp, EditFile, overwrite: true);
    }

    public void Write(string style, string greeting)
    {
        if (style.StartsWith("in-place", StringComparison.Ordinal)) WriteInPlace(greeting);
        else WriteTempThenRename(greeting);
    }

    /// <summary>`go build -o floor-bin/server -ldflags "… -w" [flags] MAIN` in the module: the watch's own command.</summary>
    public ProcessStartInfo GoBuild(string go, IEnumerable<string>? flags = null)
    {
        var psi = new ProcessStartInfo(go) { WorkingDirectory = Dir, UseShellExecute = false };
        psi.ArgumentList.Add("build");
        psi.ArgumentList.Add("-o");
        psi.ArgumentList.Add(FloorBinary);
        psi.ArgumentList.Add("-ldflags");
        psi.ArgumentList.Add((LdFlags + " -w").Trim());
        foreach (string f in flags ?? Array.Empty<string>())
            psi.ArgumentList.Add(f);
        psi.ArgumentList.Add(MainPackage);
        return psi;
    }

    /// <summary>
    /// A copy of this module at <paramref name="dir"/> (outside every watched tree), for the paired floor: every
    /// directory and file but what builds leave (bin/, obj/, floor-bin/) and .git, which no floor build reads — the
    /// large module's floor passes -buildvcs=false as the watch does, and the other modules are no repositories.
    /// </summary>
    public GoModule Twin(string dir)
    {
        TreeCopy.Copy(Dir, dir, rel => rel is "bin" or "obj" or "floor-bin" or ".git");
        string Mapped(string path) => Path.Combine(dir, Path.GetRelativePath(Dir, path));
        return new GoModule(dir, Mapped(ProjectPath), Mapped(EditFile), LdFlags, MainPackage);
    }

    /// <summary>The one-line project every generated module uses.</summary>
    public static string OneLineProject(string sdkVersion, string body = "") =>
        body.Length == 0 ? $"<Project Sdk=\"Kickstart.Sdk/{sdkVersion}\" />\n" : $"<Project Sdk=\"Kickstart.Sdk/{sdkVersion}\">\n{body}</Project>\n";

    public static void WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
    }
}
