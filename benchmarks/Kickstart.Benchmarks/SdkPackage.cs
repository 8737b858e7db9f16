using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Kickstart.Benchmarks.Measurements;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks;

/// <summary>
/// The Kickstart.Sdk package a run measures: this tree's artifacts/packages (built first when missing), a directory
/// given with <c>--sdk-package</c>, or the package of <c>--baseline-commit SHA</c>, built in a clone of this repository
/// at that commit (a temporary directory, deleted at the end) — so the same program measures before and after.
/// </summary>
internal sealed class SdkPackage : IDisposable
{
    private string? _clone;

    private SdkPackage(string dir, string version, string description, string? clone)
    {
        Dir = dir;
        Version = version;
        Description = description;
        _clone = clone;
    }

    public string Dir { get; }
    public string Version { get; }
    public string Description { get; }

    public static SdkPackage Resolve(BenchmarkOptions options, string repoRoot, string defaultDir, string defaultVersion)
    {
        if (options.SdkPackageDir is { } given)
        {
            string dir = Path.GetFullPath(given);
            string file = Find(dir) ?? throw new InvalidOperationException($"--sdk-package {given}: no Kickstart.Sdk.*.nupkg in {dir}");
            return new SdkPackage(dir, VersionOf(file), $"`{file}` (`--sdk-package`, {File.GetLastWriteTimeUtc(file):u})", null);
        }
        if (options.BaselineCommit is { } sha)
            return BuildAtCommit(repoRoot, sha);
        string package = Path.Combine(defaultDir, $"Kickstart.Sdk.{defaultVersion}.nupkg");
        if (!File.Exists(package))
        {
            BenchmarkContext.Log("building the SDK package: dotnet build src/Kickstart.Sdk");
            Build(repoRoot);
            if (!File.Exists(package))
                throw new InvalidOperationException($"dotnet build src/Kickstart.Sdk made no {package}");
        }
        BenchmarkContext.Log($"package {package} ({File.GetLastWriteTimeUtc(package):u})");
        return new SdkPackage(defaultDir, defaultVersion, $"`{package}` of this tree at {Head(repoRoot)} ({File.GetLastWriteTimeUtc(package):u})", null);
    }

    private static SdkPackage BuildAtCommit(string repoRoot, string sha)
    {
        string clone = Path.Combine(Path.GetTempPath(), "kickstart-bench-baseline", $"{sha}-{Environment.ProcessId}");
        BenchmarkContext.Log($"baseline: cloning {repoRoot} at {sha} into {clone} and building its package");
        Directory.CreateDirectory(Path.GetDirectoryName(clone)!);
        Git(repoRoot, "clone", "--quiet", "--no-checkout", "--shared", repoRoot, clone);
        Git(clone, "checkout", "--quiet", "--detach", sha);
        Build(clone);
        string dir = Path.Combine(clone, "artifacts", "packages");
        string file = Find(dir) ?? throw new InvalidOperationException($"--baseline-commit {sha}: its build made no Kickstart.Sdk.*.nupkg in {dir}");
        return new SdkPackage(dir, VersionOf(file), $"`Kickstart.Sdk` built at commit {Head(clone)} (`--baseline-commit {sha}`, in a clone of its own)", clone);
    }

    private static string? Find(string dir) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir, "Kickstart.Sdk.*.nupkg").Where(f => !f.EndsWith(".symbols.nupkg", StringComparison.Ordinal)).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() : null;

    /// <summary>"Kickstart.Sdk.0.1.0.nupkg" → "0.1.0".</summary>
    private static string VersionOf(string file) => Path.GetFileNameWithoutExtension(file).Substring("Kickstart.Sdk.".Length);

    private static void Build(string root)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
        foreach (string a in new[] { "build", "src/Kickstart.Sdk", "-nologo", "-tl:off" }) psi.ArgumentList.Add(a);
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var r = Procs.Run(psi, TimeSpan.FromMinutes(10));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"dotnet build src/Kickstart.Sdk failed in {root}:\n" + r.Output);
    }

    private static string Head(string root)
    {
        try { return Git(root, "rev-parse", "--short", "HEAD").Trim(); }
        catch (InvalidOperationException) { return "an unknown commit"; }
    }

    private static string Git(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo(SearchPath.Find("git") ?? "git") { WorkingDirectory = dir };
        foreach (string a in args) psi.ArgumentList.Add(a);
        var r = Procs.Run(psi, TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {dir}:\n{r.Output}");
        return r.Output;
    }

    public void Dispose()
    {
        if (_clone is not null)
            TempDirectory.TryDelete(_clone);
        _clone = null;
    }
}
