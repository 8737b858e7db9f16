using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// The README's first step, as a new user takes it: the package builds from a fresh copy of the repository — nothing
/// built before, no artifacts — by `dotnet build` of the SDK project (Debug) and by `dotnet pack -c Release`.
/// </summary>
public sealed class FreshCloneTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    [Fact]
    public void PackageBuildsAndPacksFromACleanCopyOfTheRepository()
    {
        // Outside the run's root: its NuGet.config offers only the Kickstart feed, and the SDK's projects need NuGet's packages.
        string copy = Path.Combine(Path.GetTempPath(), $"kickstart-fresh-{Guid.NewGuid():N}");
        try
        {
            CopyTrackedFiles(TestRun.RepoRoot, copy);
            // The machine's own package cache and feeds, as for a user (not the run's private cache).
            var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") };
            string package = Path.Combine(copy, "artifacts", "packages", $"Kickstart.Sdk.{TestRun.SdkVersion}.nupkg");

            CommandResult pack = Dotnet.Run(copy, new[] { "pack", "src/Kickstart.Sdk", "-c", "Release" }, environment, Deadline);
            Assert.True(pack.Succeeded, pack.ToString());
            AssertCompletePackage(package);

            File.Delete(package);
            CommandResult build = Dotnet.Run(copy, new[] { "build", "src/Kickstart.Sdk" }, environment, Deadline);
            Assert.True(build.Succeeded, build.ToString());
            AssertCompletePackage(package);
        }
        finally
        {
            TestRun.TryDelete(copy);
        }
    }

    private static void AssertCompletePackage(string package)
    {
        Assert.True(File.Exists(package), package);
        using ZipArchive zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (string expected in new[]
        {
            "tasks/net8.0/Kickstart.Build.Tasks.dll", "tasks/net472/Kickstart.Build.Tasks.dll",
            "proxy/Kickstart.DevProxy.dll", "proxy/Kickstart.DevProxy.runtimeconfig.json",
            "Sdk/Sdk.props", "Sdk/Sdk.targets", "Sdk/Kickstart.Watch.targets",
        })
            Assert.Contains(expected, entries);
    }

    // What a clone holds, taken from the working tree (so the copy has the changes under test): every tracked file.
    private static void CopyTrackedFiles(string repository, string destination)
    {
        var psi = new ProcessStartInfo("git", "ls-files -z") { WorkingDirectory = repository, RedirectStandardOutput = true };
        using Process git = Process.Start(psi)!;
        string listing = git.StandardOutput.ReadToEnd();
        Assert.True(git.WaitForExit(60_000) && git.ExitCode == 0, "git ls-files failed in " + repository);
        foreach (string relative in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            string source = Path.Combine(repository, relative);
            if (!File.Exists(source))
                continue; // deleted in the working tree
            string target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }
}
