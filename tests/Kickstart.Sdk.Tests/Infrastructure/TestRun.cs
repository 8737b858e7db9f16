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
    public static string NuGetPackagesCache => GoModuleRunRoot.PackagesCacheOf(Root);

    /// <summary>The real go executable, found on PATH when the run starts.</summary>
    public static string RealGo { get; } = FindOnPath("go") ?? "/usr/bin/go";

    private static string Metadata(string key) =>
        typeof(TestRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string CreateRoot() => GoModuleRunRoot.Create("kickstart-tests", PackagesDir);

    public static string? FindOnPath(string name) => SearchPath.Find(name);

    public static void TryDelete(string directory) => TempDirectory.TryDelete(directory);
}
