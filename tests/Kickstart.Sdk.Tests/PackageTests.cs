using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// The package serves both MSBuilds: the .NET SDK's (net8.0 tasks, watch included) and Visual Studio's (.NET Framework
/// 4.7.2 tasks: build and test only). Visual Studio's MSBuild cannot run here, so these tests read the assemblies'
/// metadata and the selection the targets make.
/// </summary>
public sealed class PackageTests
{
    private static string PackagePath => Path.Combine(TestRun.PackagesDir, $"Kickstart.Sdk.{TestRun.SdkVersion}.nupkg");

    private static (string Framework, HashSet<string> Types, string[] References) ReadTasks(string framework)
    {
        using ZipArchive zip = ZipFile.OpenRead(PackagePath);
        ZipArchiveEntry entry = zip.GetEntry($"tasks/{framework}/Kickstart.Build.Tasks.dll") ?? throw new InvalidOperationException($"no tasks/{framework} in the package");
        using var buffer = new MemoryStream();
        using (Stream s = entry.Open())
            s.CopyTo(buffer);
        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        MetadataReader md = pe.GetMetadataReader();
        var types = md.TypeDefinitions.Select(h => md.GetTypeDefinition(h))
            .Where(t => (t.Attributes & System.Reflection.TypeAttributes.Public) != 0)
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).ToHashSet();
        string targetFramework = md.GetAssemblyDefinition().GetCustomAttributes()
            .Select(h => md.GetCustomAttribute(h))
            .Where(a => a.Constructor.Kind == HandleKind.MemberReference)
            .Select(a => (a, md.GetMemberReference((MemberReferenceHandle)a.Constructor)))
            .Where(x => md.GetString(md.GetTypeReference((TypeReferenceHandle)x.Item2.Parent).Name) == "TargetFrameworkAttribute")
            .Select(x => { var r = md.GetBlobReader(x.a.Value); r.ReadUInt16(); return r.ReadSerializedString()!; })
            .Single();
        string[] references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        return (targetFramework, types, references);
    }

    [Fact]
    public void NetTasksTargetNet8AndIncludeTheWatch()
    {
        var (framework, types, _) = ReadTasks("net8.0");
        Assert.Equal(".NETCoreApp,Version=v8.0", framework);
        Assert.Contains("Kickstart.Build.Tasks.GoBuild", types);
        Assert.Contains("Kickstart.Build.Tasks.GoWatch", types);
    }

    [Fact]
    public void FrameworkTasksTargetNet472AndBuildAndTestOnly()
    {
        var (framework, types, references) = ReadTasks("net472");
        Assert.Equal(".NETFramework,Version=v4.7.2", framework);
        foreach (string task in new[] { "GoBuild", "GoTest", "GoModDownload", "ResolveGoToolchain", "ResolveGoEmbeds", "ValidateGoProject" })
            Assert.Contains("Kickstart.Build.Tasks." + task, types);
        Assert.DoesNotContain("Kickstart.Build.Tasks.GoWatch", types);
        Assert.Contains("mscorlib", references);
    }

    /// <summary>
    /// The watch's own process sits beside the tasks it runs, and its runtime settings turn tiered compilation off —
    /// the reason it exists (KickstartWatchInOwnProcess).
    /// </summary>
    [Fact]
    public void TheWatchsProcessShipsBesideTheTasksWithTieredCompilationOff()
    {
        using ZipArchive zip = ZipFile.OpenRead(PackagePath);
        Assert.NotNull(zip.GetEntry("tasks/net8.0/Kickstart.WatchProcess.dll"));
        ZipArchiveEntry config = zip.GetEntry("tasks/net8.0/Kickstart.WatchProcess.runtimeconfig.json")
            ?? throw new InvalidOperationException("no runtimeconfig.json beside Kickstart.WatchProcess.dll");
        using var reader = new StreamReader(config.Open());
        using var json = System.Text.Json.JsonDocument.Parse(reader.ReadToEnd());
        System.Text.Json.JsonElement options = json.RootElement.GetProperty("runtimeOptions");
        Assert.Equal(System.Text.Json.JsonValueKind.False, options.GetProperty("configProperties").GetProperty("System.Runtime.TieredCompilation").ValueKind);
        Assert.Equal("LatestMajor", options.GetProperty("rollForward").GetString());
    }

    [Fact]
    public void PackageShipsNoMSBuildAssemblies()
    {
        using ZipArchive zip = ZipFile.OpenRead(PackagePath);
        Assert.DoesNotContain(zip.Entries, e => e.Name.StartsWith("Microsoft.Build", StringComparison.Ordinal));
    }

    [Fact]
    public void PackageShipsTheLaunchersSourceAsItIsInTheRepository()
    {
        using ZipArchive zip = ZipFile.OpenRead(PackagePath);
        string source = Path.Combine(TestRun.RepoRoot, "src", "Kickstart.Sdk", "launcher");
        foreach (string file in new[] { "go.mod", "main.go" })
        {
            ZipArchiveEntry entry = zip.GetEntry("launcher/" + file) ?? throw new InvalidOperationException($"no launcher/{file} in the package");
            using var reader = new StreamReader(entry.Open());
            Assert.Equal(File.ReadAllText(Path.Combine(source, file)), reader.ReadToEnd());
        }
    }

    [Theory]
    [InlineData("", "net8.0")]
    [InlineData("-p:KickstartTasksFramework=net472", "net472")]
    public void TargetsPickTheTasksForTheRunningMSBuild(string argument, string expectedFolder)
    {
        using var project = GoProject.Create(nameof(TargetsPickTheTasksForTheRunningMSBuild));
        var args = argument.Length == 0 ? Array.Empty<string>() : new[] { argument };
        var values = Evaluation.Properties(project, new[] { "KickstartTasksAssembly", "MSBuildRuntimeType" }, args);
        Assert.Equal("Core", values["MSBuildRuntimeType"]);
        string expected = Path.Combine("tasks", expectedFolder, "Kickstart.Build.Tasks.dll");
        Assert.EndsWith(expected, values["KickstartTasksAssembly"].Replace('\\', '/').Replace('/', Path.DirectorySeparatorChar));
        Assert.True(File.Exists(Path.GetFullPath(values["KickstartTasksAssembly"].Replace('\\', '/'))), values["KickstartTasksAssembly"]);
    }
}
