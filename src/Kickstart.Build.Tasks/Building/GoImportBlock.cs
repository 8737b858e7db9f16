using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// The import paths a Go file's import declarations name, read from the top of the file the way the go command reads
/// them (comments, the package clause, then `import "p"` and `import ( … )` until the first other declaration).
/// Only what decides the package graph: names (`_`, `.`, an alias) are skipped, the paths come back sorted.
/// </summary>
internal static class GoImportBlock
{
    /// <summary>The file's imports; null when it cannot be read or its header is not one Go would accept.</summary>
    public static IReadOnlyList<string>? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>The imports of <paramref name="source"/>; null when its package clause or import block is malformed.</summary>
    public static IReadOnlyList<string>? Parse(string source)
    {
        var reader = new Reader(source);
        if (reader.Word() != "package" || !IsIdentifier(reader.Word()))
        {
            return null;
        }

        var imports = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            reader.SkipSemicolons();
            int before = reader.Position;
            if (reader.Word() != "import")
            {
                reader.Position = before;
                return imports.ToList();
            }

            if (reader.Peek() == '(')
            {
                reader.Position++;
                while (true)
                {
                    reader.SkipSemicolons();
                    if (reader.Peek() == ')')
                    {
                        reader.Position++;
                        break;
                    }

                    if (!ReadSpec(reader, imports))
                    {
                        return null;
                    }
                }
            }
            else if (!ReadSpec(reader, imports))
            {
                return null;
            }
        }
    }

    // One import spec: an optional name, then the path as a string literal.
    private static bool ReadSpec(Reader reader, ISet<string> imports)
    {
        char next = reader.Peek();
        if (next != '"' && next != '`')
        {
            string name = reader.Word();
            if (name != "_" && name != "." && !IsIdentifier(name))
            {
                return false;
            }
        }

        string? path = reader.StringLiteral();
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        imports.Add(path!);
        return true;
    }

    private static bool IsIdentifier(string word) =>
        word.Length > 0 && (char.IsLetter(word[0]) || word[0] == '_') && word.All(c => char.IsLetterOrDigit(c) || c == '_');

    /// <summary>A cursor over Go source that skips white space and comments before every token.</summary>
    private sealed class Reader
    {
        private readonly string _text;

        public Reader(string text) => _text = text;

        public int Position { get; set; }

        /// <summary>The next character that is not white space or in a comment; '\0' at the end.</summary>
        public char Peek()
        {
            SkipSpaceAndComments();
            return Position < _text.Length ? _text[Position] : '\0';
        }

        public void SkipSemicolons()
        {
            while (Peek() == ';')
            {
                Position++;
            }
        }

        /// <summary>The next run of letters, digits, '_' or '.' (a keyword, a name, `.`); empty when there is none.</summary>
        public string Word()
        {
            SkipSpaceAndComments();
            int start = Position;
            while (Position < _text.Length && (char.IsLetterOrDigit(_text[Position]) || _text[Position] is '_' or '.'))
            {
                Position++;
            }

            return _text.Substring(start, Position - start);
        }

        /// <summary>An interpreted ("…", with escapes) or raw (`…`) string literal's value; null when there is none.</summary>
        public string? StringLiteral()
        {
            char quote = Peek();
            if (quote != '"' && quote != '`')
            {
                return null;
            }

            var value = new StringBuilder();
            for (Position++; Position < _text.Length; Position++)
            {
                char c = _text[Position];
                if (c == quote)
                {
                    Position++;
                    return value.ToString();
                }

                if (c == '\n' && quote == '"')
                {
                    return null;
                }

                if (c == '\\' && quote == '"' && Position + 1 < _text.Length)
                {
                    // Import paths hold no escapes in practice; the escaped character is kept as it is.
                    c = _text[++Position];
                }

                value.Append(c);
            }

            return null;
        }

        private void SkipSpaceAndComments()
        {
            while (Position < _text.Length)
            {
                char c = _text[Position];
                if (char.IsWhiteSpace(c) || c == '\uFEFF')
                {
                    Position++;
                }
                else if (c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '/')
                {
                    int end = _text.IndexOf('\n', Position);
                    Position = end < 0 ? _text.Length : end + 1;
                }
                else if (c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '*')
                {
                    int end = _text.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                    Position = end < 0 ? _text.Length : end + 2;
                }
                else
                {
                    return;
                }
            }
        }
    }
}
