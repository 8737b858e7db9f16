using System;
using System.IO;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// How paths compare on this OS: case-insensitive on Windows and macOS (their default file systems ignore case),
/// ordinal elsewhere. Also the "is this path inside that directory" test every watching type needs.
/// </summary>
internal static class PathComparison
{
    public static readonly bool IgnoreCase = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    public static readonly StringComparison Comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static readonly StringComparer Comparer = IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> itself or lies below it. Both full and normalised.</summary>
    public static bool IsSameOrUnder(string path, string directory)
    {
        if (!path.StartsWith(directory, Comparison))
        {
            return false;
        }

        // "/src/app" must not count as being under "/src/ap": the next character has to be a separator.
        return path.Length == directory.Length
            || IsSeparator(path[directory.Length])
            || (directory.Length > 0 && IsSeparator(directory[^1]));
    }

    /// <summary>Full path without a trailing separator (except for a file-system root such as "/" or "C:\").</summary>
    public static string Normalize(string path)
    {
        string full = Path.GetFullPath(path);
        string trimmed = Path.TrimEndingDirectorySeparator(full);
        return trimmed;
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;
}
