using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>`dotnet publish -r &lt;rid&gt;` cross-compiles: RuntimeIdentifier → GOOS/GOARCH, checked on the binary's own header.</summary>
public sealed class PublishTests
{
    public static TheoryData<string, string, string, uint> Platforms => new()
    {
        // rid, executable name, format, machine (ELF e_machine, Mach-O cputype, PE machine)
        { "linux-x64", "app", "elf", 0x3E },
        { "linux-arm64", "app", "elf", 0xB7 },
        { "linux-musl-x64", "app", "elf", 0x3E },
        { "osx-x64", "app", "macho", 0x01000007 },
        { "osx-arm64", "app", "macho", 0x0100000C },
        { "win-x64", "app.exe", "pe", 0x8664 },
        { "win-arm64", "app.exe", "pe", 0xAA64 },
    };

    [Theory]
    [MemberData(nameof(Platforms))]
    public void PublishForARuntimeIdentifierCrossCompiles(string rid, string executable, string format, uint machine)
    {
        using var project = GoProject.Create(nameof(PublishForARuntimeIdentifierCrossCompiles));
        CommandResult result = project.Dotnet("publish", project.ProjectPath, "-r", rid);
        Assert.True(result.Succeeded, result.ToString());

        string published = Path.Combine(project.Directory, "bin", "Release", rid, "publish", executable);
        Assert.True(File.Exists(published), result.ToString());
        byte[] header = File.ReadAllBytes(published).AsSpan(0, 4096).ToArray();
        switch (format)
        {
            case "elf":
                Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header[..4]);
                Assert.Equal(machine, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18)));
                break;
            case "macho":
                Assert.Equal(0xFEEDFACFu, BinaryPrimitives.ReadUInt32LittleEndian(header));
                Assert.Equal(machine, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
                break;
            case "pe":
                Assert.Equal((byte)'M', header[0]);
                Assert.Equal((byte)'Z', header[1]);
                int pe = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(0x3C));
                Assert.Equal(new byte[] { (byte)'P', (byte)'E', 0, 0 }, header[pe..(pe + 4)]);
                Assert.Equal(machine, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(pe + 4)));
                break;
        }

        // Release by default (PublishRelease), cgo off for a portable static binary, symbols stripped, paths trimmed.
        string goBuild = project.Go.Calls.Single(c => c.StartsWith("build ", StringComparison.Ordinal));
        Assert.Contains("-trimpath", goBuild);
        Assert.Contains("-s -w", goBuild);
    }

    [Fact]
    public void RuntimeIdentifierDecidesThePublishDirectory()
    {
        using var project = GoProject.Create(nameof(RuntimeIdentifierDecidesThePublishDirectory));
        var values = Evaluation.Properties(project, new[] { "PublishDir", "GOOS", "GOARCH", "CGO_ENABLED", "TargetFileName" }, "-p:RuntimeIdentifier=win-arm64", "-p:Configuration=Release");
        Assert.Equal("bin/Release/win-arm64/publish/", values["PublishDir"].Replace('\\', '/'));
        Assert.Equal("windows", values["GOOS"]);
        Assert.Equal("arm64", values["GOARCH"]);
        Assert.Equal("0", values["CGO_ENABLED"]);
        Assert.Equal("app.exe", values["TargetFileName"]);
    }

    [Fact]
    public void UnknownRuntimeIdentifierIsKS1015()
    {
        using var project = GoProject.Create(nameof(UnknownRuntimeIdentifierIsKS1015));
        CommandResult result = project.Dotnet("publish", project.ProjectPath, "-r", "plan9-x64");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Lines, l => l.Contains("error KS1015") && l.Contains("'plan9-x64'"));
        Assert.DoesNotContain(project.Go.Calls, c => c.StartsWith("build ", StringComparison.Ordinal));
        Assert.False(result.HasStackTrace, result.ToString());
    }
}
