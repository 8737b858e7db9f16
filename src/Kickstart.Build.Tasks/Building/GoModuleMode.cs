using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// Whether `go build` will take the module's dependencies from its vendor/ directory — then there is nothing to
/// download, and restore must not try (offline, a vendored module builds; `go mod download` would fail).
/// </summary>
/// <remarks>
/// Go's own rule (cmd/go, modload): an explicit -mod flag decides (on the command line, else in GOFLAGS); without one,
/// a module whose go.mod says go 1.14 or later and that has a vendor directory builds with -mod=vendor. Workspace mode
/// (go.work) does not use the module's vendor directory.
/// </remarks>
internal static class GoModuleMode
{
    public static bool UsesVendor(string goModPath, GoModFile goMod, IEnumerable<string> buildFlags, string? goFlags, string? goWork)
    {
        string? explicitMode = ModFlag(buildFlags) ?? ModFlag(CommandLineWords.Split(goFlags));
        if (explicitMode is not null)
            return explicitMode == "vendor";
        string moduleDirectory = Path.GetDirectoryName(Path.GetFullPath(goModPath))!;
        if (InWorkspace(moduleDirectory, goWork))
            return false;
        return Directory.Exists(Path.Combine(moduleDirectory, "vendor")) && AtLeast(goMod.GoVersion, 1, 14);
    }

    // The last -mod wins, as with Go's flag package: "-mod=vendor", "--mod=vendor" or "-mod vendor".
    internal static string? ModFlag(IEnumerable<string> words)
    {
        string? mode = null;
        string? previous = null;
        foreach (string word in words)
        {
            string w = word.StartsWith("--", StringComparison.Ordinal) ? word.Substring(1) : word;
            if (w.StartsWith("-mod=", StringComparison.Ordinal))
                mode = w.Substring("-mod=".Length);
            else if (previous == "-mod")
                mode = w;
            previous = w;
        }
        return mode;
    }

    private static bool InWorkspace(string moduleDirectory, string? goWork)
    {
        if (!string.IsNullOrEmpty(goWork))
            return goWork != "off";
        for (DirectoryInfo? dir = new(moduleDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "go.work")))
                return true;
        }
        return false;
    }

    // "1.19", "1.21.3", "1.22rc1": major and minor are what the rule compares.
    internal static bool AtLeast(string? version, int major, int minor)
    {
        if (string.IsNullOrEmpty(version))
            return false;
        string[] parts = version!.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], out int ma))
            return false;
        string minorDigits = new string(parts[1].TakeWhile(char.IsDigit).ToArray());
        if (!int.TryParse(minorDigits, out int mi))
            return false;
        return ma > major || (ma == major && mi >= minor);
    }
}
