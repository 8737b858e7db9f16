using System.Text;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class GoSourceHeaderTests
{
    private static string? PackageOf(string source)
    {
        using var dir = new TempDirectory();
        return GoSourceHeader.ReadPackageName(dir.Write("x.go", source));
    }

    [Theory]
    [InlineData("package main\n\nfunc main() {}\n", "main")]
    [InlineData("package web\n", "web")]
    [InlineData("package web", "web")]
    [InlineData("  package web  \n", "web")]
    [InlineData("package web // the web layer\n", "web")]
    [InlineData("package web/* odd */\n", "web")]
    [InlineData("package web;\n", "web")]
    [InlineData("package web_test\n\nimport \"testing\"\n", "web_test")]
    [InlineData("package main\r\n\r\nfunc main() {}\r\n", "main")]
    public void PackageClauseGivesTheName(string source, string expected)
    {
        Assert.Equal(expected, PackageOf(source));
    }

    [Fact]
    public void LeadingLineCommentsAndBuildTagsAreSkipped()
    {
        string source = """
            // Copyright 2024 Example. All rights reserved.

            //go:build linux && !cgo
            // +build linux,!cgo

            // Package web serves pages.
            package web

            import "net/http"
            """;

        Assert.Equal("web", PackageOf(source));
    }

    [Fact]
    public void LeadingBlockCommentsAreSkipped()
    {
        string source = """
            /*
            Copyright 2024 Example.
            package notthis
            */

            /* one line */
            /* before */ package inline
            """;

        Assert.Equal("inline", PackageOf(source));
    }

    [Fact]
    public void BlockCommentEndingBeforeTheClauseOnTheSameLine()
    {
        Assert.Equal("tail", PackageOf("/*\n license\n*/ package tail\n"));
    }

    [Fact]
    public void ByteOrderMarkIsIgnored()
    {
        using var dir = new TempDirectory();
        string path = dir.At("bom.go");
        System.IO.File.WriteAllText(path, "package bom\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("bom", GoSourceHeader.ReadPackageName(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("// only a comment\n")]
    [InlineData("func main() {}\npackage late\n")]
    [InlineData("/* never closed\npackage hidden\n")]
    [InlineData("packagemain\n")]
    public void NoPackageClauseGivesNull(string source)
    {
        Assert.Null(PackageOf(source));
    }

    [Fact]
    public void MissingFileGivesNull()
    {
        using var dir = new TempDirectory();

        Assert.Null(GoSourceHeader.ReadPackageName(dir.At("nothere.go")));
    }
}
