using System.Globalization;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// A diagnostic as one line in MSBuild's canonical error format — `file(line,col): error CODE: message`, or
/// `project : error CODE: message` when Go named no file — the form terminals and editors' problem matchers read.
/// </summary>
internal static class CanonicalError
{
    public static string Format(GoDiagnostic d, string projectFile) =>
        Format(d.File, d.Line, d.Column, d.IsWarning, d.Code, d.Message, projectFile);

    /// <summary>Any diagnostic (an MSBuild error event of a watch rebuild, say); no code gives `error: message`.</summary>
    public static string Format(string? file, int line, int column, bool isWarning, string? code, string? message, string? projectFile)
    {
        string kind = (isWarning ? "warning" : "error") + (string.IsNullOrEmpty(code) ? "" : " " + code);
        if (string.IsNullOrEmpty(file))
            return string.IsNullOrEmpty(projectFile) ? $"{kind}: {message}" : $"{projectFile} : {kind}: {message}";
        string location = line <= 0 ? ""
            : column <= 0 ? string.Format(CultureInfo.InvariantCulture, "({0})", line)
            : string.Format(CultureInfo.InvariantCulture, "({0},{1})", line, column);
        return $"{file}{location}: {kind}: {message}";
    }
}
