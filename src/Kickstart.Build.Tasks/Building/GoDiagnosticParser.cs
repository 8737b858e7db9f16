using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// Turns the text the Go toolchain prints into <see cref="GoDiagnostic"/>s. Fed one line at a time, because a
/// <see cref="Microsoft.Build.Utilities.ToolTask"/> hands output over line by line as the process runs.
/// </summary>
/// <remarks>
/// What Go prints:
/// <code>
/// # example.com/server/internal/web            ← a package header: context only
/// internal/web/handlers.go:12:5: undefined: x  ← file:line:col: message (paths relative to the working directory)
///         have (int)                           ← a tab-indented continuation of the message above
/// vet: ./main.go:7:2: unreachable code         ← `go vet` (run by `go test`)
/// go: cannot find main module                  ← the go command itself, no file
/// </code>
/// A diagnostic is held back until the next line shows it has no more continuation lines; call <see cref="Flush"/> at the end.
/// </remarks>
internal sealed class GoDiagnosticParser
{
    // file[:line[:col]]: message — the file must look like a source file so that "go: downloading x v1" or a URL never matches.
    private static readonly Regex Located = new(
        @"^(?<vet>vet: )?(?<file>(?:[A-Za-z]:)?[^:\s][^:]*?\.(?:go|s|c|h|cc|cpp|m|mod|sum|work|syso|gohtml|tmpl|html)):(?<line>\d+)(?::(?<col>\d+))?: (?<msg>.*)$",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private readonly string _workingDirectory;
    private PendingDiagnostic? _pending;

    public GoDiagnosticParser(string workingDirectory) => _workingDirectory = workingDirectory;

    /// <summary>Lines that were neither a diagnostic nor a continuation of one (for the fallback error).</summary>
    public List<string> UnparsedLines { get; } = new();

    /// <summary>The package named by the latest "# package" header, if any.</summary>
    public string? CurrentPackage { get; private set; }

    public IEnumerable<GoDiagnostic> ParseLine(string line)
    {
        if (line.Length == 0)
            yield break;

        if (line[0] == '\t' || line.StartsWith("    ", StringComparison.Ordinal))
        {
            if (_pending is not null)
            {
                _pending.Message.Append('\n').Append(line.TrimEnd());
                yield break;
            }
            UnparsedLines.Add(line.Trim());
            yield break;
        }

        Match m = Located.Match(line);
        // gcc's "file:line:col: note: ..." (cgo) explains the diagnostic above it; it is never one of its own.
        if (m.Success && m.Groups["msg"].Value.StartsWith("note: ", StringComparison.OrdinalIgnoreCase))
        {
            if (_pending is not null)
                _pending.Message.Append('\n').Append(line.TrimEnd());
            else
                UnparsedLines.Add(line);
            yield break;
        }

        if (_pending is not null)
            yield return Complete();

        if (line.StartsWith("# ", StringComparison.Ordinal))
        {
            CurrentPackage = line.Substring(2).Trim();
            yield break;
        }

        if (m.Success)
        {
            string message = m.Groups["msg"].Value;
            bool isWarning = message.StartsWith("warning: ", StringComparison.OrdinalIgnoreCase);
            if (isWarning)
                message = message.Substring("warning: ".Length);
            _pending = new PendingDiagnostic(
                ResolvePath(m.Groups["file"].Value),
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["col"].Success ? int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
                new StringBuilder(message),
                isWarning,
                m.Groups["vet"].Success ? GoDiagnosticCodes.Vet : GoDiagnosticCodes.Compile);
            yield break;
        }

        if (line.StartsWith("go: ", StringComparison.Ordinal) && !IsProgress(line))
        {
            _pending = new PendingDiagnostic(null, 0, 0, new StringBuilder(line.Substring(4)), false, GoDiagnosticCodes.GoCommand);
            yield break;
        }

        UnparsedLines.Add(line);
    }

    public IEnumerable<GoDiagnostic> Flush()
    {
        if (_pending is not null)
            yield return Complete();
    }

    /// <summary>True for a line that names a place in a file (file:line[:col]: message).</summary>
    public static bool IsLocated(string line) => Located.IsMatch(line);

    // "go: downloading example.com/x v1.2.3" and friends are progress, not errors.
    internal static bool IsProgress(string line) =>
        line.StartsWith("go: downloading ", StringComparison.Ordinal) ||
        line.StartsWith("go: finding ", StringComparison.Ordinal) ||
        line.StartsWith("go: extracting ", StringComparison.Ordinal) ||
        line.StartsWith("go: added ", StringComparison.Ordinal) ||
        line.StartsWith("go: upgraded ", StringComparison.Ordinal);

    private GoDiagnostic Complete()
    {
        PendingDiagnostic p = _pending!;
        _pending = null;
        return new GoDiagnostic(p.File, p.Line, p.Column, p.Message.ToString(), p.IsWarning, p.Code);
    }

    // Go prints paths relative to its working directory ("./main.go", "internal/x.go", "../lib/y.go") or absolute ones.
    private string ResolvePath(string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(_workingDirectory, path));

    private sealed record PendingDiagnostic(string? File, int Line, int Column, StringBuilder Message, bool IsWarning, string Code);
}
