using System;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

/// <summary>Restore asks what `go build` will do: with vendored dependencies there is nothing to download.</summary>
public sealed class GoModuleModeTests
{
    private static bool UsesVendor(TempDirectory dir, string goVersion, string buildFlags = "", string? goFlags = null, string? goWork = "off")
    {
        string goMod = dir.Write("go.mod", $"module example.com/m\n\ngo {goVersion}\n\nrequire example.com/dep v1.0.0\n");
        return GoModuleMode.UsesVendor(goMod, GoModFile.Read(goMod), CommandLineWords.Split(buildFlags), goFlags, goWork);
    }

    [Theory]
    [InlineData("1.19", true)]
    [InlineData("1.14", true)]
    [InlineData("1.13", false)]
    [InlineData("1.21.3", true)]
    public void VendorDirectoryIsUsedFromGo114On(string goVersion, bool expected)
    {
        using var dir = new TempDirectory();
        dir.Write("vendor/modules.txt", "# example.com/dep v1.0.0\n## explicit\nexample.com/dep\n");
        Assert.Equal(expected, UsesVendor(dir, goVersion));
    }

    [Fact]
    public void WithoutVendorDirectoryTheModuleCacheIsUsed()
    {
        using var dir = new TempDirectory();
        Assert.False(UsesVendor(dir, "1.19"));
    }

    [Theory]
    [InlineData("-mod=mod", null, false)]
    [InlineData("", "-mod=mod", false)]
    [InlineData("", "-tags=x -mod=readonly", false)]
    [InlineData("-mod=vendor", "-mod=mod", true)] // the command line wins over GOFLAGS, as in go
    [InlineData("-race -mod vendor", null, true)]
    public void AnExplicitModFlagDecides(string buildFlags, string? goFlags, bool expected)
    {
        using var dir = new TempDirectory();
        dir.Write("vendor/modules.txt", "");
        Assert.Equal(expected, UsesVendor(dir, "1.19", buildFlags, goFlags));
    }

    [Fact]
    public void ExplicitVendorWorksWithoutTheDefault()
    {
        using var dir = new TempDirectory();
        Assert.True(UsesVendor(dir, "1.13", goFlags: "-mod=vendor"));
    }

    [Fact]
    public void WorkspaceModeDoesNotUseTheModulesVendorDirectory()
    {
        using var dir = new TempDirectory();
        dir.Write("vendor/modules.txt", "");
        Assert.False(UsesVendor(dir, "1.19", goWork: dir.Write("go.work", "go 1.19\n\nuse .\n")));
    }
}
