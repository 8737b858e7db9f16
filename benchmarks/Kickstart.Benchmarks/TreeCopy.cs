using System;
using System.IO;

namespace Kickstart.Benchmarks;

/// <summary>Copies a directory tree (every directory, empty ones too, and every file) except the entries a predicate skips.</summary>
internal static class TreeCopy
{
    /// <param name="skip">Given a path relative to <paramref name="from"/>: true leaves it out (a directory with all it holds).</param>
    public static void Copy(string from, string to, Func<string, bool> skip) => CopyUnder(from, to, from, skip);

    private static void CopyUnder(string root, string to, string dir, Func<string, bool> skip)
    {
        Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(root, dir)));
        foreach (string file in Directory.EnumerateFiles(dir))
        {
            string rel = Path.GetRelativePath(root, file);
            if (!skip(rel))
                File.Copy(file, Path.Combine(to, rel));
        }
        foreach (string sub in Directory.EnumerateDirectories(dir))
        {
            if (!skip(Path.GetRelativePath(root, sub)))
                CopyUnder(root, to, sub, skip);
        }
    }
}
