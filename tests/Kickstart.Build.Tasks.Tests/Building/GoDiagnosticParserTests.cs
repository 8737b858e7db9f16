using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class GoDiagnosticParserTests
{
    // Never created: the parser only combines paths, it does not touch the disk.
    private static readonly string WorkingDirectory = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "ks-parser", "server"));

    private static string InWorkingDirectory(string relative) =>
        Path.GetFullPath(Path.Combine(WorkingDirectory, relative.Replace('/', Path.DirectorySeparatorChar)));

    private static List<GoDiagnostic> Parse(GoDiagnosticParser parser, string output)
    {
        var all = new List<GoDiagnostic>();
        foreach (string line in GoOutput.Lines(output))
            all.AddRange(parser.ParseLine(line));
        all.AddRange(parser.Flush());
        return all;
    }

    private static List<GoDiagnostic> Parse(string output, string? workingDirectory = null) =>
        Parse(new GoDiagnosticParser(workingDirectory ?? WorkingDirectory), output);

    [Fact]
    public void SyntaxErrorGivesFileLineColumnAndMessage()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        GoDiagnostic d = Assert.Single(Parse(parser, GoOutput.SyntaxError));

        Assert.Equal(InWorkingDirectory("main.go"), d.File);
        Assert.Equal(5, d.Line);
        Assert.Equal(1, d.Column);
        Assert.Equal("syntax error: unexpected }, expecting expression", d.Message);
        Assert.False(d.IsWarning);
        Assert.Equal(GoDiagnosticCodes.Compile, d.Code);
        Assert.Equal("example.com/syn", parser.CurrentPackage);
        Assert.Empty(parser.UnparsedLines);
    }

    [Fact]
    public void ContinuationLinesJoinTheDiagnosticAbove()
    {
        List<GoDiagnostic> diagnostics = Parse(GoOutput.TypeErrorsInTwoPackages);

        Assert.Equal(3, diagnostics.Count);
        Assert.Equal("too many arguments in call to f\n\thave (number, number)\n\twant (int)", diagnostics[0].Message);
        Assert.Equal("cannot use 3 (untyped int constant) as string value in variable declaration", diagnostics[1].Message);
        Assert.Equal("undefined: undefinedThing", diagnostics[2].Message);
    }

    [Fact]
    public void DiagnosticsOfSeveralPackagesResolveAgainstTheWorkingDirectory()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        List<GoDiagnostic> diagnostics = Parse(parser, GoOutput.TypeErrorsInTwoPackages);

        Assert.Equal(
            new[] { (InWorkingDirectory("internal/web/handlers.go"), 6, 7), (InWorkingDirectory("internal/web/handlers.go"), 7, 17), (InWorkingDirectory("main.go"), 6, 14) },
            diagnostics.Select(d => (d.File!, d.Line, d.Column)).ToArray());
        Assert.All(diagnostics, d => Assert.Equal(GoDiagnosticCodes.Compile, d.Code));
        Assert.Equal("example.com/typ", parser.CurrentPackage);
        Assert.Empty(parser.UnparsedLines);
    }

    [Fact]
    public void PackageHeaderNamesTheCurrentPackage()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        Assert.Empty(parser.ParseLine("# example.com/typ/internal/web"));
        Assert.Equal("example.com/typ/internal/web", parser.CurrentPackage);
        Assert.Empty(parser.ParseLine("# example.com/vet2 [example.com/vet2.test]"));
        Assert.Equal("example.com/vet2 [example.com/vet2.test]", parser.CurrentPackage);
    }

    [Fact]
    public void ParentDirectoryPathsClimbFromTheWorkingDirectory()
    {
        string moduleRoot = WorkingDirectory;
        string subdirectory = Path.Combine(moduleRoot, "cmd", "server");

        List<GoDiagnostic> diagnostics = Parse(GoOutput.TypeErrorsFromASubdirectory, subdirectory);

        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(InWorkingDirectory("internal/web/handlers.go"), d.File));
        Assert.Equal("too many arguments in call to f\n\thave (number, number)\n\twant (int)", diagnostics[0].Message);
    }

    [Fact]
    public void AbsolutePathsAreKeptAndTheGoCommandLineAboveHasNoFile()
    {
        List<GoDiagnostic> diagnostics = Parse(GoOutput.BadGoModAbsolutePath);

        Assert.Equal(2, diagnostics.Count);
        GoDiagnostic command = diagnostics[0];
        Assert.Null(command.File);
        Assert.Equal(0, command.Line);
        Assert.Equal("errors parsing go.mod:", command.Message);
        Assert.Equal(GoDiagnosticCodes.GoCommand, command.Code);

        GoDiagnostic located = diagnostics[1];
        Assert.Equal(Path.GetFullPath("/tmp/gofx/badmod/go.mod"), located.File);
        Assert.Equal(6, located.Line);
        Assert.Equal(2, located.Column);
        Assert.Equal("usage: require module/path v1.2.3", located.Message);
    }

    [Fact]
    public void LocationWithoutColumnHasColumnZero()
    {
        GoDiagnostic d = Parse(GoOutput.UnknownGoModDirective).Last();

        Assert.Equal(Path.GetFullPath("/tmp/gofx/er/go.mod"), d.File);
        Assert.Equal(4, d.Line);
        Assert.Equal(0, d.Column);
        Assert.Equal("unknown directive: foo", d.Message);
    }

    [Theory]
    [InlineData("./main.go:7:2: unreachable code", "main.go", 7, 2, "unreachable code")]
    [InlineData("internal/web/handlers.go:12:5: undefined: x", "internal/web/handlers.go", 12, 5, "undefined: x")]
    [InlineData("../lib/x.go:3:1: syntax error: non-declaration statement outside function body", "../lib/x.go", 3, 1, "syntax error: non-declaration statement outside function body")]
    [InlineData("asm/add_amd64.s:9: unrecognized instruction \"MOVX\"", "asm/add_amd64.s", 9, 0, "unrecognized instruction \"MOVX\"")]
    [InlineData("templates/page.gohtml:4:10: a message: with a colon", "templates/page.gohtml", 4, 10, "a message: with a colon")]
    [InlineData("my dir/main.go:1:1: expected 'package', found 'EOF'", "my dir/main.go", 1, 1, "expected 'package', found 'EOF'")]
    public void RelativeLocationsResolveAgainstTheWorkingDirectory(string line, string file, int lineNumber, int column, string message)
    {
        GoDiagnostic d = Assert.Single(Parse(line));

        Assert.Equal(InWorkingDirectory(file), d.File);
        Assert.Equal(lineNumber, d.Line);
        Assert.Equal(column, d.Column);
        Assert.Equal(message, d.Message);
    }

    [Fact]
    public void VetPrefixGivesTheVetCode()
    {
        GoDiagnostic d = Assert.Single(Parse(GoOutput.VetTypeCheckError));

        Assert.Equal(GoDiagnosticCodes.Vet, d.Code);
        Assert.Equal("GO1002", d.Code);
        Assert.Equal(InWorkingDirectory("main_test.go"), d.File);
        Assert.Equal(6, d.Line);
        Assert.Equal(14, d.Column);
        Assert.Equal("cannot use \"s\" (untyped string constant) as int value in variable declaration", d.Message);
    }

    [Fact]
    public void VetFindingsAreLocated()
    {
        List<GoDiagnostic> diagnostics = Parse(GoOutput.VetFindings);

        Assert.Equal(new[] { 6, 8 }, diagnostics.Select(d => d.Line).ToArray());
        Assert.Equal("fmt.Printf format %d has arg \"x\" of wrong type string", diagnostics[0].Message);
        Assert.Equal("unreachable code", diagnostics[1].Message);
    }

    [Fact]
    public void TestBuildFailureOnStderrIsLocatedAndTheStdoutSummaryIsUnparsed()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        List<GoDiagnostic> diagnostics = Parse(parser, GoOutput.TestBuildFailedStderr + "\n" + GoOutput.TestBuildFailedStdout);

        GoDiagnostic d = Assert.Single(diagnostics);
        Assert.Equal(InWorkingDirectory("main_test.go"), d.File);
        Assert.Equal(GoDiagnosticCodes.Compile, d.Code);
        Assert.Equal(new[] { "FAIL\texample.com/vet2 [build failed]" }, parser.UnparsedLines);
    }

    [Fact]
    public void WarningPrefixMakesAWarningAndIsRemovedFromTheMessage()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        GoDiagnostic d = Assert.Single(Parse(parser, GoOutput.CgoWarning));

        Assert.True(d.IsWarning);
        Assert.Equal(InWorkingDirectory("main.go"), d.File);
        Assert.Equal(5, d.Line);
        Assert.Equal(26, d.Column);
        // gcc's source excerpt is indented with spaces: it continues the warning.
        Assert.Equal(
            "unused variable ‘unused’ [-Wunused-variable]\n" +
            "    5 | static int f(void) { int unused; return 1; }\n" +
            "      |                          ^~~~~~",
            d.Message);
        Assert.Equal(new[] { "./main.go: In function ‘f’:" }, parser.UnparsedLines);
    }

    // BUG (deliberately failing): gcc follows a warning with "file:line:col: note: ..." lines. The parser turns each
    // note into an error (IsWarning false), so GoToolTask logs errors and fails a cgo build that Go itself completed
    // with exit code 0. A note belongs to the diagnostic above it.
    [Fact]
    public void GccNotesAreNotErrors()
    {
        List<GoDiagnostic> diagnostics = Parse(GoOutput.CgoWarningsWithNotes);

        Assert.DoesNotContain(diagnostics, d => !d.IsWarning);
        Assert.Equal(2, diagnostics.Count);
        Assert.Contains("note: include ‘<stdio.h>’", diagnostics[0].Message);
    }

    [Fact]
    public void GoCommandErrorHasNoFileAndTheGoCommandCode()
    {
        GoDiagnostic d = Assert.Single(Parse(GoOutput.NoGoMod));

        Assert.Null(d.File);
        Assert.Equal(0, d.Line);
        Assert.Equal(0, d.Column);
        Assert.False(d.IsWarning);
        Assert.Equal(GoDiagnosticCodes.GoCommand, d.Code);
        Assert.Equal("go.mod file not found in current directory or any parent directory; see 'go help modules'", d.Message);
    }

    [Fact]
    public void GoCommandErrorTakesItsContinuationLines()
    {
        GoDiagnostic d = Assert.Single(Parse("go: updates to go.mod needed; to update it:\n\tgo mod tidy"));

        Assert.Equal(GoDiagnosticCodes.GoCommand, d.Code);
        Assert.Equal("updates to go.mod needed; to update it:\n\tgo mod tidy", d.Message);
    }

    [Fact]
    public void MissingModuleErrorKeepsTheGoGetHint()
    {
        GoDiagnostic d = Assert.Single(Parse(GoOutput.MissingModule));

        Assert.Equal(InWorkingDirectory("main.go"), d.File);
        Assert.Equal(3, d.Line);
        Assert.Equal(8, d.Column);
        Assert.Equal("no required module provides package example.com/nothere/pkg; to add it:\n\tgo get example.com/nothere/pkg", d.Message);
    }

    [Theory]
    [InlineData("go: downloading example.com/x v1.2.3")]
    [InlineData("go: finding module for package example.com/x")]
    [InlineData("go: extracting example.com/x v1.2.3")]
    [InlineData("go: added example.com/x v1.2.3")]
    [InlineData("go: upgraded example.com/x v1.2.2 => v1.2.3")]
    public void GoProgressLinesAreNotErrors(string line)
    {
        Assert.Empty(Parse(line));
    }

    [Fact]
    public void ProgressLineEndsThePendingDiagnostic()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);
        Assert.Empty(parser.ParseLine("./main.go:3:8: no required module provides package example.com/x"));

        GoDiagnostic d = Assert.Single(parser.ParseLine("go: downloading example.com/x v1.2.3"));

        Assert.Equal("no required module provides package example.com/x", d.Message);
        Assert.Empty(parser.Flush());
    }

    [Fact]
    public void LinesThatAreNoDiagnosticAreCollected()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        List<GoDiagnostic> diagnostics = Parse(parser, GoOutput.NoGoModPattern + "\nFAIL\texample.com/vet2 [build failed]\nok  \texample.com/m\t0.002s");

        Assert.Empty(diagnostics);
        Assert.Equal(new[] { GoOutput.NoGoModPattern, "FAIL\texample.com/vet2 [build failed]", "ok  \texample.com/m\t0.002s" }, parser.UnparsedLines);
    }

    [Fact]
    public void IndentedLineWithoutADiagnosticAboveIsCollectedTrimmed()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        Assert.Empty(parser.ParseLine("\tgo mod tidy  "));
        Assert.Empty(parser.Flush());

        Assert.Equal(new[] { "go mod tidy" }, parser.UnparsedLines);
    }

    [Theory]
    [InlineData("go: example.com/x@v1.0.0: Get \"https://proxy.golang.org/example.com/x/@v/v1.0.0.mod\": dial tcp: lookup proxy.golang.org: no such host")]
    [InlineData("Get \"https://proxy.golang.org/example.com/x/@v/list\": dial tcp 1.2.3.4:443: i/o timeout")]
    public void UrlsWithPortsAreNotMistakenForFileLocations(string line)
    {
        Assert.DoesNotContain(Parse(line), d => d.File is not null);
    }

    [Fact]
    public void DiagnosticWaitsForTheNextLineAndFlushReleasesIt()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        Assert.Empty(parser.ParseLine("./main.go:6:14: undefined: undefinedThing"));
        GoDiagnostic d = Assert.Single(parser.Flush());

        Assert.Equal("undefined: undefinedThing", d.Message);
        Assert.Empty(parser.Flush());
    }

    [Fact]
    public void NextDiagnosticReleasesThePreviousOne()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        Assert.Empty(parser.ParseLine("./a.go:1:1: first"));
        GoDiagnostic first = Assert.Single(parser.ParseLine("./b.go:2:2: second"));
        GoDiagnostic second = Assert.Single(parser.Flush());

        Assert.Equal("first", first.Message);
        Assert.Equal("second", second.Message);
    }

    [Fact]
    public void PackageHeaderReleasesThePendingDiagnostic()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        Assert.Empty(parser.ParseLine("# example.com/typ/internal/web"));
        Assert.Empty(parser.ParseLine("internal/web/handlers.go:7:17: cannot use 3"));
        GoDiagnostic d = Assert.Single(parser.ParseLine("# example.com/typ"));

        Assert.Equal(InWorkingDirectory("internal/web/handlers.go"), d.File);
        Assert.Empty(parser.Flush());
    }

    [Fact]
    public void EmptyLinesProduceNothing()
    {
        var parser = new GoDiagnosticParser(WorkingDirectory);

        Assert.Empty(parser.ParseLine(""));
        Assert.Empty(parser.Flush());
        Assert.Empty(parser.UnparsedLines);
    }
}
