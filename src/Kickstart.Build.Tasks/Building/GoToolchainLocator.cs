using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Kickstart.Build.Tasks.Building;

/// <summary>What Kickstart knows about a Go installation, learnt without starting `go` (a no-op build starts no process).</summary>
internal sealed record GoToolchain(string GoTool, string? GoRoot, string? Version);

/// <summary>Finds the go executable (explicit path, else PATH), follows links to its GOROOT and reads GOROOT/VERSION.</summary>
internal static class GoToolchainLocator
{
    private static string ExecutableName => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "go.exe" : "go";

    /// <summary>Searches PATH like a shell would; null when no go executable is there.</summary>
    public static string? FindOnPath(string? pathVariable)
    {
        if (string.IsNullOrEmpty(pathVariable))
            return null;
        foreach (string dir in pathVariable!.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate;
            try { candidate = Path.Combine(dir.Trim('"'), ExecutableName); }
            catch (ArgumentException) { continue; }
            if (File.Exists(candidate))
                return Path.GetFullPath(candidate);
        }
        return null;
    }

    public static GoToolchain Describe(string goTool)
    {
        string? goRoot = FindGoRoot(goTool);
        string? version = goRoot is null ? null : ReadVersion(goRoot);
        // Without a VERSION file (some distributions), the executable's size and time still change when Go is upgraded.
        if (version is null)
        {
            var info = new FileInfo(goTool);
            version = info.Exists ? $"unknown (go {info.Length} bytes, {info.LastWriteTimeUtc:O})" : null;
        }
        return new GoToolchain(goTool, goRoot, version);
    }

    // GOROOT is the directory above bin/go once links are resolved (Debian's /usr/bin/go → /usr/lib/go-1.19/bin/go).
    private static string? FindGoRoot(string goTool)
    {
        string resolved = goTool;
#if NET
        try
        {
            FileSystemInfo? target = new FileInfo(goTool).ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null)
                resolved = target.FullName;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
#endif

        string? bin = Path.GetDirectoryName(resolved);
        if (bin is null || !string.Equals(Path.GetFileName(bin), "bin", StringComparison.OrdinalIgnoreCase))
            return null;
        return Path.GetDirectoryName(bin);
    }

    // GOROOT/VERSION starts with the version ("go1.19.8"); newer releases add a second line with the build time.
    private static string? ReadVersion(string goRoot)
    {
        string versionFile = Path.Combine(goRoot, "VERSION");
        try
        {
            if (!File.Exists(versionFile))
                return null;
            using var reader = new StreamReader(versionFile);
            string? first = reader.ReadLine();
            return string.IsNullOrWhiteSpace(first) ? null : first!.Trim();
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
