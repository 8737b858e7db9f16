using System;
using System.IO;

namespace Kickstart.TestSupport;

/// <summary>
/// The directory a test run puts its temporary Go modules in: a NuGet.config that offers only the packages this
/// repository just built (artifacts/packages), with a package cache of the run's own (so a package built again with the
/// same version is never taken from an older cache), and empty Directory.Build.* files so that nothing of the
/// repository's own reaches the modules' project files. Deleted when the test process exits.
/// </summary>
public static class GoModuleRunRoot
{
    /// <returns>The new directory: <c>TEMP/<paramref name="suite"/>/yyyyMMdd-HHmmss-PID</c>.</returns>
    public static string Create(string suite, string packagesDirectory)
    {
        string root = Path.Combine(Path.GetTempPath(), suite, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(PackagesCacheOf(root));
        File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="kickstart-local" value="{packagesDirectory}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{PackagesCacheOf(root)}" />
              </config>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TempDirectory.TryDelete(root);
        return root;
    }

    /// <summary>The run's own package cache, inside <paramref name="root"/>.</summary>
    public static string PackagesCacheOf(string root) => Path.Combine(root, "nuget-packages");
}
