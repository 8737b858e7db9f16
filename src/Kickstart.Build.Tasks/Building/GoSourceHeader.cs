using System;
using System.IO;

namespace Kickstart.Build.Tasks.Building;

/// <summary>Reads the package clause of a Go file: the first "package x" line outside comments.</summary>
internal static class GoSourceHeader
{
    public static string? ReadPackageName(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            bool inBlockComment = false;
            for (int i = 0; i < 200 && reader.ReadLine() is { } raw; i++)
            {
                string line = raw.Trim();
                if (inBlockComment)
                {
                    int end = line.IndexOf("*/", StringComparison.Ordinal);
                    if (end < 0) continue;
                    line = line.Substring(end + 2).Trim();
                    inBlockComment = false;
                }
                if (line.StartsWith("/*", StringComparison.Ordinal))
                {
                    int end = line.IndexOf("*/", 2, StringComparison.Ordinal);
                    if (end < 0) { inBlockComment = true; continue; }
                    line = line.Substring(end + 2).Trim();
                }
                if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
                    continue;
                if (line.StartsWith("package ", StringComparison.Ordinal))
                {
                    string name = line.Substring("package ".Length).Trim();
                    int cut = name.IndexOfAny(new[] { ' ', '\t', '/', ';' });
                    return cut < 0 ? name : name.Substring(0, cut);
                }
                return null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
