using System;
using System.IO;
using Kickstart.Build.Tasks.Diagnostics;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>Where Delve is: KickstartDelvePath (the executable or its directory), else dlv on PATH.</summary>
internal static class DelveLocator
{
    private static string ExecutableName => OperatingSystem.IsWindows() ? "dlv.exe" : "dlv";

    /// <summary>The full path of dlv, or null with the KS diagnostic (and its arguments) that says what to do.</summary>
    public static string? Locate(string? delvePath, string? pathVariable, out KsDiagnostic? problem, out object?[] problemArguments)
    {
        problem = null;
        problemArguments = Array.Empty<object?>();
        if (!string.IsNullOrWhiteSpace(delvePath))
        {
            string given = delvePath!.Trim();
            string candidate = Directory.Exists(given) ? Path.Combine(given, ExecutableName) : given;
            if (File.Exists(candidate))
                return Path.GetFullPath(candidate);
            problem = KsDiagnostic.DelvePathMissing;
            problemArguments = new object?[] { given };
            return null;
        }

        foreach (string dir in (pathVariable ?? "").Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate;
            try { candidate = Path.Combine(dir.Trim('"'), ExecutableName); }
            catch (ArgumentException) { continue; }
            if (File.Exists(candidate))
                return Path.GetFullPath(candidate);
        }
        problem = KsDiagnostic.DelveNotFound;
        return null;
    }
}
