using System;
using System.Collections.Generic;
using System.IO;

namespace Kickstart.Build.Tasks.Building;

/// <summary>The facts Kickstart reads from go.mod: the module path, whether any module is required, and the go directive's version.</summary>
internal sealed record GoModFile(string? ModulePath, bool HasRequirements, string? GoVersion = null)
{
    public static GoModFile Read(string path) => Parse(File.ReadAllLines(path));

    public static GoModFile Parse(IEnumerable<string> lines)
    {
        string? module = null;
        string? goVersion = null;
        bool requires = false;
        bool inRequireBlock = false;
        foreach (string raw in lines)
        {
            string line = StripComment(raw).Trim();
            if (line.Length == 0)
                continue;
            if (inRequireBlock)
            {
                if (line == ")")
                    inRequireBlock = false;
                else
                    requires = true;
                continue;
            }
            if (line.StartsWith("module ", StringComparison.Ordinal) || line.StartsWith("module\t", StringComparison.Ordinal))
                module = line.Substring("module".Length).Trim().Trim('"');
            else if (line.StartsWith("go ", StringComparison.Ordinal) || line.StartsWith("go\t", StringComparison.Ordinal))
                goVersion = line.Substring("go".Length).Trim();
            else if (line.StartsWith("require", StringComparison.Ordinal))
            {
                string rest = line.Substring("require".Length).Trim();
                if (rest == "(")
                    inRequireBlock = true;
                else if (rest.Length > 0 && !(rest[0] == '(' && rest.Substring(1).Trim() == ")"))
                    requires = true;
            }
        }
        return new GoModFile(module, requires, goVersion);
    }

    private static string StripComment(string line)
    {
        int i = line.IndexOf("//", StringComparison.Ordinal);
        return i < 0 ? line : line.Substring(0, i);
    }

    /// <summary>go.mod in <paramref name="directory"/> or the nearest directory above it; null when there is none.</summary>
    public static string? FindAbove(string directory)
    {
        for (DirectoryInfo? dir = new(directory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "go.mod");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
