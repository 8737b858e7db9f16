using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

/// <summary>The import paths of a Go file's header: what decides whether an edit can change the package graph.</summary>
public sealed class GoImportBlockTests
{
    [Fact]
    public void ABlockOfImportsWithNamesAndCommentsGivesItsPathsSorted()
    {
        var imports = GoImportBlock.Parse("""
            // Copyright notice.
            //go:build linux

            /* A package comment. */
            package main // trailing

            import (
            	"net/http"
            	_ "embed" // for the page
            	web "example.com/app/internal/web"
            	. "example.com/app/internal/dot"
            	/* a comment */ "fmt"; "os"
            )

            import `example.com/app/internal/raw`

            func main() { _ = "example.com/not/an/import" }
            """);

        Assert.Equal(new[] { "embed", "example.com/app/internal/dot", "example.com/app/internal/raw", "example.com/app/internal/web", "fmt", "net/http", "os" }, imports);
    }

    [Fact]
    public void OneImportPerDeclarationAndNoImportAtAll()
    {
        Assert.Equal(new[] { "a/b", "c" }, GoImportBlock.Parse("package x\nimport \"c\"\nimport z \"a/b\"\nvar v = 1\n"));
        Assert.Empty(GoImportBlock.Parse("package x\n\nfunc F() {}\n")!);
        Assert.Empty(GoImportBlock.Parse("package x")!);
    }

    [Fact]
    public void AnEditBelowTheImportsLeavesThemAsTheyWere()
    {
        const string before = "package main\n\nimport (\n\t\"fmt\"\n)\n\nfunc main() { fmt.Println(\"v1\") }\n";
        string after = before.Replace("v1", "v2 import \"os\"");
        Assert.Equal(GoImportBlock.Parse(before), GoImportBlock.Parse(after));
    }

    [Theory]
    [InlineData("import \"fmt\"\n")] // no package clause
    [InlineData("package main\nimport (\n\t\"fmt\"\n")] // the block never closes
    [InlineData("package main\nimport (\n\t\"fmt\n)\n")] // the string never closes on its line
    [InlineData("package main\nimport fmt\n")] // a name without a path
    public void AHeaderGoWouldRefuseIsNoAnswer(string source) => Assert.Null(GoImportBlock.Parse(source));
}
