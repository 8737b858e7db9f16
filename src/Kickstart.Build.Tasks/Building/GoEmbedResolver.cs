using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// Expands the <c>//go:embed</c> directives of a Go source file into the files they embed, following the rules of the
/// embed package: patterns are relative to the file's directory, path.Match globs per element, a matched directory
/// embeds its files recursively except names starting with '.' or '_' (unless the pattern has the "all:" prefix).
/// </summary>
internal static class GoEmbedResolver
{
    private const string Directive = "//go:embed";

    public static IEnumerable<string> Resolve(string sourceFile, Func<string, bool> isExcludedDirectory) =>
        Resolve(sourceFile, Patterns(sourceFile), isExcludedDirectory);

    /// <summary>The files that <paramref name="patterns"/> (the file's directives' patterns, <see cref="PatternsIn"/>) embed.</summary>
    public static IEnumerable<string> Resolve(string sourceFile, IReadOnlyList<string> patterns, Func<string, bool> isExcludedDirectory)
    {
        string baseDir = BaseDirectory(sourceFile);
        foreach (string pattern in patterns)
        {
            bool all = pattern.StartsWith("all:", StringComparison.Ordinal);
            string glob = all ? pattern.Substring(4) : pattern;
            foreach (string match in Match(baseDir, glob))
            {
                if (Directory.Exists(match))
                {
                    foreach (string f in FilesUnder(match, all, isExcludedDirectory))
                        yield return f;
                }
                else if (File.Exists(match))
                    yield return match;
            }
        }
    }

    private static string BaseDirectory(string sourceFile) => Path.GetDirectoryName(Path.GetFullPath(sourceFile))!;

    // Every pattern of every //go:embed directive of the file.
    private static IReadOnlyList<string> Patterns(string sourceFile)
    {
        try { return PatternsIn(File.ReadAllText(sourceFile)); }
        catch (IOException) { return Array.Empty<string>(); }
        catch (UnauthorizedAccessException) { return Array.Empty<string>(); }
    }

    /// <summary>Every pattern of every //go:embed directive in a Go file's text, in order.</summary>
    public static List<string> PatternsIn(string text)
    {
        var patterns = new List<string>();
        if (text.IndexOf(Directive, StringComparison.Ordinal) < 0)
            return patterns;
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.StartsWith(Directive, StringComparison.Ordinal))
                patterns.AddRange(SplitPatterns(line.Substring(Directive.Length)));
        }
        return patterns;
    }

    /// <summary>
    /// Where a file that does not exist yet would be embedded by the file's directives, so the watch rebuilds when one
    /// appears: directories (<c>static</c> → static/, <c>templates/*.html</c> → templates/) and, for a glob directly
    /// beside the source (<c>*.txt</c>), its file-name pattern. A superset, on purpose: Go decides. A plain file name
    /// (<c>page.html</c>) adds nothing: that file is an item already, or becomes one when the project is evaluated.
    /// </summary>
    public static IEnumerable<(string? Directory, string? NamePattern)> NewFileLocations(string sourceFile) =>
        NewFileLocations(sourceFile, Patterns(sourceFile));

    /// <summary><see cref="NewFileLocations(string)"/> of the file's directives' patterns, already read.</summary>
    public static IEnumerable<(string? Directory, string? NamePattern)> NewFileLocations(string sourceFile, IReadOnlyList<string> patterns)
    {
        string baseDir = BaseDirectory(sourceFile);
        foreach (string pattern in patterns)
        {
            string glob = pattern.StartsWith("all:", StringComparison.Ordinal) ? pattern.Substring(4) : pattern;
            string[] elements = glob.Split('/').Where(e => e.Length > 0 && e != ".").ToArray();
            string directory = baseDir;
            int plain = 0;
            while (plain < elements.Length && elements[plain].IndexOfAny(new[] { '*', '?', '[' }) < 0)
                directory = Path.Combine(directory, elements[plain++]);
            if (plain == elements.Length)
            {
                // No glob: a directory embeds whatever appears in it; a file is an item already.
                if (Directory.Exists(directory))
                    yield return (Path.GetFullPath(directory), null);
            }
            else if (plain > 0)
                yield return (Path.GetFullPath(directory), null);
            else if (elements.Length == 1)
                yield return (null, elements[0]);
            else
                yield return (baseDir, null);
        }
    }

    // Patterns are separated by spaces; a pattern may be quoted with "..." or `...` to hold spaces.
    internal static List<string> SplitPatterns(string rest)
    {
        var patterns = new List<string>();
        var current = new StringBuilder();
        char quote = '\0';
        foreach (char c in rest)
        {
            if (quote != '\0')
            {
                if (c == quote) { patterns.Add(current.ToString()); current.Clear(); quote = '\0'; }
                else current.Append(c);
            }
            else if (c == '"' || c == '`') quote = c;
            else if (char.IsWhiteSpace(c))
            {
                if (current.Length > 0) { patterns.Add(current.ToString()); current.Clear(); }
            }
            else current.Append(c);
        }
        if (current.Length > 0)
            patterns.Add(current.ToString());
        return patterns;
    }

    private static IEnumerable<string> Match(string baseDir, string glob)
    {
        IEnumerable<string> current = new[] { baseDir };
        foreach (string element in glob.Split('/'))
        {
            if (element.Length == 0 || element == ".")
                continue;
            if (element.IndexOfAny(new[] { '*', '?', '[' }) < 0)
            {
                current = current.Select(c => Path.Combine(c, element)).Where(p => File.Exists(p) || Directory.Exists(p)).ToList();
                continue;
            }
            Regex regex = ElementToRegex(element);
            current = current.Where(Directory.Exists)
                .SelectMany(c => Directory.EnumerateFileSystemEntries(c))
                .Where(p => regex.IsMatch(Path.GetFileName(p)))
                .ToList();
        }
        return current;
    }

    // path.Match: '*' any run of non-'/' characters, '?' one, [...] a class ([^...] negated).
    internal static Regex ElementToRegex(string element)
    {
        var b = new StringBuilder("^");
        for (int i = 0; i < element.Length; i++)
        {
            char c = element[i];
            switch (c)
            {
                case '*': b.Append("[^/]*"); break;
                case '?': b.Append("[^/]"); break;
                case '[':
                    int end = element.IndexOf(']', i + 1);
                    if (end < 0) { b.Append(@"\["); break; }
                    string cls = element.Substring(i + 1, end - i - 1);
                    if (cls.StartsWith("^", StringComparison.Ordinal)) cls = "^" + Regex.Escape(cls.Substring(1)).Replace(@"\-", "-");
                    else cls = Regex.Escape(cls).Replace(@"\-", "-");
                    b.Append('[').Append(cls).Append(']');
                    i = end;
                    break;
                case '\\':
                    if (i + 1 < element.Length) { b.Append(Regex.Escape(element[i + 1].ToString())); i++; }
                    break;
                default: b.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(b.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private static IEnumerable<string> FilesUnder(string dir, bool all, Func<string, bool> isExcludedDirectory)
    {
        var pending = new Stack<string>();
        pending.Push(dir);
        while (pending.Count > 0)
        {
            string d = pending.Pop();
            if (isExcludedDirectory(d))
                continue;
            foreach (string entry in Directory.EnumerateFileSystemEntries(d))
            {
                string name = Path.GetFileName(entry);
                if (!all && (name.StartsWith(".", StringComparison.Ordinal) || name.StartsWith("_", StringComparison.Ordinal)))
                    continue;
                if (Directory.Exists(entry)) { if (!File.Exists(Path.Combine(entry, "go.mod"))) pending.Push(entry); }
                else yield return entry;
            }
        }
    }
}
