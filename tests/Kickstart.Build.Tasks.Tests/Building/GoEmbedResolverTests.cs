using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class GoEmbedResolverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public GoEmbedResolverTests()
    {
        // The package directory of the fixtures below, also built with Go 1.19 to take `go list -f '{{.EmbedFiles}}'`.
        foreach (string file in new[]
        {
            "templates/index.gohtml", "templates/about.gohtml", "templates/notes.txt", "templates/partials/nav.gohtml",
            "static/app.js", "static/.hidden", "static/_underscore.js", "static/css/site.css", "static/.cache/x", "static/_drafts/d.js",
            "assets/a.png", "assets/b.png", "assets/c.png", "assets/d.png",
            "my files/readme.txt",
            "data/.keep", "data/one.json",
        })
            _dir.Write(file, file);
    }

    public void Dispose() => _dir.Dispose();

    private List<string> Embeds(string goSource, Func<string, bool>? isExcludedDirectory = null)
    {
        string source = _dir.Write("main.go", goSource);
        string root = _dir.Path + Path.DirectorySeparatorChar;
        return GoEmbedResolver.Resolve(source, isExcludedDirectory ?? (_ => false))
            .Select(f => Path.GetFullPath(f).Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    [Theory]
    [InlineData("static", "static/", null)]                        // a directory: anything new in it
    [InlineData("static/css", "static/css/", null)]
    [InlineData("templates/*.gohtml", "templates/", null)]         // a glob below a directory: that directory
    [InlineData("all:static", "static/", null)]
    [InlineData("*.txt", null, "*.txt")]                           // a glob beside the source: its name pattern
    [InlineData("templates/index.gohtml", null, null)]             // one file: an item already
    public void NewFileLocations_AreWhereADirectiveWouldEmbedAFileThatDoesNotExistYet(string pattern, string? directory, string? name)
    {
        string source = _dir.Write("main.go", Directive(pattern));
        var locations = GoEmbedResolver.NewFileLocations(source).ToList();

        if (directory is null && name is null)
        {
            Assert.Empty(locations);
            return;
        }
        var (foundDirectory, foundName) = Assert.Single(locations);
        Assert.Equal(directory is null ? null : Path.GetFullPath(_dir.Path + "/" + directory.TrimEnd('/')), foundDirectory);
        Assert.Equal(name, foundName);
    }

    private static string Directive(string patterns) => $"package main\n\nimport \"embed\"\n\n//go:embed {patterns}\nvar files embed.FS\n";

    [Fact]
    public void EmbedsTheSameFilesAsGoList()
    {
        List<string> files = Embeds("""
            package main

            import "embed"

            //go:embed templates/*.gohtml
            var tpl embed.FS

            //go:embed static
            var static embed.FS

            //go:embed all:data
            var data embed.FS

            //go:embed assets/[a-c].png "my files/readme.txt" `templates/notes.txt`
            var mixed embed.FS

            func main() {}
            """);

        // go list -f '{{join .EmbedFiles "\n"}}' . (Go 1.19) on the same tree and source.
        Assert.Equal(new[]
        {
            "assets/a.png", "assets/b.png", "assets/c.png",
            "data/.keep", "data/one.json",
            "my files/readme.txt",
            "static/app.js", "static/css/site.css",
            "templates/about.gohtml", "templates/index.gohtml", "templates/notes.txt",
        }, files);
    }

    [Fact]
    public void GlobEmbedsTheMatchingFilesOfItsDirectoryOnly()
    {
        Assert.Equal(new[] { "templates/about.gohtml", "templates/index.gohtml" }, Embeds(Directive("templates/*.gohtml")));
    }

    [Fact]
    public void DirectoryEmbedsItsFilesRecursivelySkippingDotAndUnderscoreNames()
    {
        Assert.Equal(new[] { "static/app.js", "static/css/site.css" }, Embeds(Directive("static")));
    }

    [Fact]
    public void AllPrefixKeepsDotAndUnderscoreNames()
    {
        Assert.Equal(
            new[] { "static/.cache/x", "static/.hidden", "static/_drafts/d.js", "static/_underscore.js", "static/app.js", "static/css/site.css" },
            Embeds(Directive("all:static")));
    }

    [Fact]
    public void GlobNamesDotFilesExplicitlyAndWalksTheDirectoriesItMatches()
    {
        // As go list reports for `//go:embed static/*`: a name matched by the pattern itself counts even with '.' or '_'.
        Assert.Equal(
            new[] { "static/.cache/x", "static/.hidden", "static/_drafts/d.js", "static/_underscore.js", "static/app.js", "static/css/site.css" },
            Embeds(Directive("static/*")));
    }

    [Fact]
    public void QuotedPatternsMayHoldSpaces()
    {
        Assert.Equal(new[] { "my files/readme.txt" }, Embeds(Directive("\"my files/readme.txt\"")));
        Assert.Equal(new[] { "my files/readme.txt" }, Embeds(Directive("`my files/readme.txt`")));
    }

    [Fact]
    public void SeveralPatternsOnOneLineAddUp()
    {
        Assert.Equal(new[] { "assets/a.png", "data/one.json", "templates/notes.txt" }, Embeds(Directive("assets/a.png data/one.json  templates/notes.txt")));
    }

    [Fact]
    public void SeveralDirectivesAddUp()
    {
        string source = "package main\n\nimport \"embed\"\n\nvar (\n\t//go:embed assets/a.png\n\ta embed.FS\n\t//go:embed assets/d.png\n\td embed.FS\n)\n";

        Assert.Equal(new[] { "assets/a.png", "assets/d.png" }, Embeds(source));
    }

    [Theory]
    [InlineData("assets/[a-c].png", new[] { "assets/a.png", "assets/b.png", "assets/c.png" })]
    [InlineData("assets/[^a-c].png", new[] { "assets/d.png" })]
    [InlineData("assets/[bd].png", new[] { "assets/b.png", "assets/d.png" })]
    [InlineData("assets/?.png", new[] { "assets/a.png", "assets/b.png", "assets/c.png", "assets/d.png" })]
    [InlineData("*/one.json", new[] { "data/one.json" })]
    [InlineData("./assets/a.png", new[] { "assets/a.png" })]
    public void GlobsFollowPathMatch(string pattern, string[] expected)
    {
        Assert.Equal(expected, Embeds(Directive(pattern)));
    }

    [Fact]
    public void PatternMatchingNothingEmbedsNothing()
    {
        Assert.Empty(Embeds(Directive("missing/*.txt nothere.txt")));
    }

    [Fact]
    public void ExcludedDirectoriesAreNotWalked()
    {
        string css = _dir.At("static/css");

        Assert.Equal(new[] { "static/app.js" }, Embeds(Directive("static"), d => Path.GetFullPath(d) == css));
    }

    [Fact]
    public void CarriageReturnLineEndsAreTolerated()
    {
        Assert.Equal(new[] { "assets/a.png" }, Embeds("package main\r\n\r\nimport \"embed\"\r\n\r\n//go:embed assets/a.png\r\nvar a embed.FS\r\n"));
    }

    [Fact]
    public void SourceWithoutDirectiveEmbedsNothing()
    {
        Assert.Empty(Embeds("package main\n\n// go:embed assets/a.png is not a directive\nfunc main() {}\n"));
    }

    [Fact]
    public void MissingSourceEmbedsNothing()
    {
        Assert.Empty(GoEmbedResolver.Resolve(_dir.At("nothere.go"), _ => false));
    }

    // BUG (deliberately failing): the embed package stops at a directory holding go.mod, because that is another
    // module (Go 1.19 `go list -f '{{.EmbedFiles}}'` for `//go:embed site` lists site/a.txt and site/sub/b.txt only).
    // FilesUnder walks into it and returns site/nested/go.mod and site/nested/c.txt as well.
    [Fact]
    public void NestedModuleInsideAnEmbeddedDirectoryIsSkipped()
    {
        _dir.Write("site/a.txt", "");
        _dir.Write("site/sub/b.txt", "");
        _dir.Write("site/nested/c.txt", "");
        _dir.Write("site/nested/go.mod", "module example.com/nested\n");

        Assert.Equal(new[] { "site/a.txt", "site/sub/b.txt" }, Embeds(Directive("site")));
    }

    [Theory]
    [InlineData(" a b", new[] { "a", "b" })]
    [InlineData("\ta\t\tb ", new[] { "a", "b" })]
    [InlineData(" \"a b\" `c d` e", new[] { "a b", "c d", "e" })]
    [InlineData(" all:static", new[] { "all:static" })]
    [InlineData("", new string[0])]
    public void SplitPatternsHonoursQuotes(string rest, string[] expected)
    {
        Assert.Equal(expected, GoEmbedResolver.SplitPatterns(rest));
    }

    [Theory]
    [InlineData("*.gohtml", "index.gohtml", true)]
    [InlineData("*.gohtml", "index.html", false)]
    [InlineData("*.gohtml", ".gohtml", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[a-c]x", "dx", false)]
    [InlineData("[^a-c]x", "dx", true)]
    [InlineData("[^a-c]x", "ax", false)]
    [InlineData("a.b", "a.b", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "x", false)]
    [InlineData("(x)+", "(x)+", true)]
    public void ElementToRegexMatchesLikePathMatch(string element, string name, bool matches)
    {
        Assert.Equal(matches, GoEmbedResolver.ElementToRegex(element).IsMatch(name));
    }
}
