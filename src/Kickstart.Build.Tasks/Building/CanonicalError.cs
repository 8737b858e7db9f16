using System.Globalization;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// A diagnostic as one line in MSBuild's canonical error format — `file(line,col): error CODE: message`, or
/// `project : error CODE: message` when Go named no file — the form terminals and editors' problem matchers read.
/// </summary>
internal static class CanonicalError
{
    public static string Format(GoDiagnostic d, string projectFile)
    {
        string kind = d.IsWarning ? "warning" : "error";
        if (d.File is null)
            return $"{projectFile} : {kind} {d.Code}: {d.Message}";
        string location = d.Line <= 0 ? ""
            : d.Column <= 0 ? string.Format(CultureInfo.InvariantCulture, "({0})", d.Line)
            : string.Format(CultureInfo.InvariantCulture, "({0},{1})", d.Line, d.Column);
        return $"{d.File}{location}: {kind} {d.Code}: {d.Message}";
    }
}
