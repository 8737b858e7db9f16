namespace Kickstart.Build.Tasks.Building;

/// <summary>One error or warning the Go toolchain printed, placed in a file where Go said where.</summary>
/// <param name="File">Full path, or null when Go named no file (e.g. "go: cannot find main module").</param>
/// <param name="Line">1-based, 0 when unknown.</param>
/// <param name="Column">1-based, 0 when unknown.</param>
/// <param name="Code">A stable code per kind of diagnostic (see <see cref="GoDiagnosticCodes"/>).</param>
internal sealed record GoDiagnostic(string? File, int Line, int Column, string Message, bool IsWarning, string Code);

/// <summary>Go prints no codes of its own; these tell the kinds apart so users can filter or suppress them.</summary>
internal static class GoDiagnosticCodes
{
    /// <summary>The compiler, linker or assembler (`go build`).</summary>
    public const string Compile = "GO1001";
    /// <summary>`go vet`, which `go test` runs before the tests.</summary>
    public const string Vet = "GO1002";
    /// <summary>The go command itself (module errors, missing packages ...).</summary>
    public const string GoCommand = "GO1000";
    /// <summary>A failing test.</summary>
    public const string TestFailed = "GO2001";
}
