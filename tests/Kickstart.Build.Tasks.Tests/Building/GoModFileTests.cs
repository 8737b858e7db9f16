using System.IO;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class GoModFileTests
{
    private static GoModFile Parse(string text) => GoModFile.Parse(GoOutput.Lines(text));

    [Fact]
    public void ModuleWithoutRequireHasNoRequirements()
    {
        // What `go mod init example.com/server` writes with Go 1.19.
        GoModFile mod = Parse("module example.com/server\n\ngo 1.19\n");

        Assert.Equal("example.com/server", mod.ModulePath);
        Assert.False(mod.HasRequirements);
        Assert.Equal("1.19", mod.GoVersion);
    }

    [Fact]
    public void SingleLineRequireIsARequirement()
    {
        GoModFile mod = Parse("module example.com/req\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n");

        Assert.Equal("example.com/req", mod.ModulePath);
        Assert.True(mod.HasRequirements);
    }

    [Fact]
    public void RequireBlockIsARequirement()
    {
        GoModFile mod = Parse("""
            module example.com/server

            go 1.19

            require (
            	github.com/go-chi/chi/v5 v5.0.8
            	golang.org/x/sync v0.1.0 // indirect
            )

            replace golang.org/x/sync => ../sync
            """);

        Assert.Equal("example.com/server", mod.ModulePath);
        Assert.True(mod.HasRequirements);
    }

    [Fact]
    public void RequireBlockHoldingOnlyCommentsIsNoRequirement()
    {
        GoModFile mod = Parse("module example.com/m\n\nrequire (\n\t// example.com/dep v1.0.0\n)\n");

        Assert.False(mod.HasRequirements);
    }

    [Fact]
    public void CommentedOutRequireIsNoRequirement()
    {
        GoModFile mod = Parse("// module example.com/old\nmodule example.com/m // the module\n\n// require example.com/dep v1.0.0\ngo 1.19\n");

        Assert.Equal("example.com/m", mod.ModulePath);
        Assert.False(mod.HasRequirements);
    }

    [Fact]
    public void LinesAfterTheRequireBlockAreReadAgain()
    {
        GoModFile mod = Parse("require (\n\texample.com/dep v1.0.0\n)\nmodule example.com/late\n");

        Assert.Equal("example.com/late", mod.ModulePath);
        Assert.True(mod.HasRequirements);
    }

    [Theory]
    [InlineData("module \"example.com/quoted\"", "example.com/quoted")]
    [InlineData("module\texample.com/tab", "example.com/tab")]
    [InlineData("  module example.com/indented  ", "example.com/indented")]
    [InlineData("module example.com/crlf\r", "example.com/crlf")]
    public void ModulePathIsReadInItsSpellings(string line, string expected)
    {
        Assert.Equal(expected, GoModFile.Parse(new[] { line, "go 1.19" }).ModulePath);
    }

    [Fact]
    public void FileWithoutModuleLineHasNoModulePath()
    {
        Assert.Null(Parse("go 1.19\n").ModulePath);
    }

    [Theory]
    [InlineData("exclude example.com/dep v1.0.0")]
    [InlineData("replace example.com/dep => ../dep")]
    [InlineData("retract v1.0.1")]
    public void OtherDirectivesAreNoRequirement(string line)
    {
        Assert.False(GoModFile.Parse(new[] { "module example.com/m", line }).HasRequirements);
    }

    // BUG (deliberately failing): Go accepts an empty block `require ()` (go 1.19: `go build` succeeds and
    // `go mod edit -json` shows "Require": null), but Parse sees "()" after "require" as a requirement, so
    // GoModDownload runs `go mod download` for a module that requires nothing.
    [Fact]
    public void EmptyRequireBlockOnOneLineIsNoRequirement()
    {
        Assert.False(Parse("module example.com/er\n\ngo 1.19\n\nrequire ()\n").HasRequirements);
    }

    [Fact]
    public void ReadParsesTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("go.mod", "module example.com/disk\r\n\r\ngo 1.19\r\n\r\nrequire example.com/dep v1.0.0\r\n");

        GoModFile mod = GoModFile.Read(path);

        Assert.Equal("example.com/disk", mod.ModulePath);
        Assert.True(mod.HasRequirements);
    }

    [Fact]
    public void FindAboveFindsTheNearestGoModUpwards()
    {
        using var dir = new TempDirectory();
        string outer = dir.Write("go.mod", "module example.com/outer\n");
        string inner = dir.Write("tools/go.mod", "module example.com/tools\n");
        string deep = dir.CreateDirectory("tools/cmd/gen");
        string sibling = dir.CreateDirectory("internal/web");

        Assert.Equal(inner, GoModFile.FindAbove(deep));
        Assert.Equal(inner, GoModFile.FindAbove(dir.At("tools")));
        Assert.Equal(outer, GoModFile.FindAbove(sibling));
        Assert.Equal(outer, GoModFile.FindAbove(dir.Path));
    }

    [Fact]
    public void FindAboveIgnoresADirectoryNamedGoMod()
    {
        using var dir = new TempDirectory();
        string outer = dir.Write("go.mod", "module example.com/outer\n");
        dir.CreateDirectory("sub/go.mod");

        Assert.Equal(outer, GoModFile.FindAbove(dir.At("sub")));
        Assert.True(File.Exists(outer));
    }
}
