using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// Everything the tests of one run share: a root folder under the temp directory, a NuGet.config that offers only the
/// Kickstart.Sdk package this repository just built, and a package cache of the run's own — so no test can ever
/// resolve a stale copy of the SDK from an earlier run.
/// </summary>
internal static class TestRun
{
    private static readonly Lazy<string> LazyRoot = new(CreateRoot);

    public static string PackagesDir => Metadata("KickstartPackagesDir");
    public static string SdkVersion => Metadata("KickstartVersion");
    public static string RepoRoot => Metadata("RepoRoot");
    public static string Root => LazyRoot.Value;
    public static string NuGetPackagesCache => Path.Combine(Root, "nuget-packages");

    /// <summary>The real go executable, found on PATH when the run starts.</summary>
    public static string RealGo { get; } = FindOnPath("go") ?? "/usr/bin/go";

    private static string Metadata(string key) =>
        typeof(TestRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string CreateRoot()
    {
        string root = Path.Combine(Path.GetTempPath(), "kickstart-tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(root, "nuget-packages"));
        File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="kickstart-local" value="{PackagesDir}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(root, "nuget-packages")}" />
              </config>
            </configuration>
            """);
        // Keep the repository's own Directory.Build.* files from being picked up by test projects (they live under /tmp anyway).
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    }

    public static string? FindOnPath(string name) => SearchPath.Find(name);

    public static void TryDelete(string directory) => TempDirectory.TryDelete(directory);
}
