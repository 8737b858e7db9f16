using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class GoTestEventReaderTests
{
    private const string ModulePath = "example.com/server";

    // Never created: the reader only combines paths.
    private static readonly string ModuleRoot = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "ks-reader", "server"));

    private static string InModule(string relative) =>
        Path.GetFullPath(Path.Combine(ModuleRoot, relative.Replace('/', Path.DirectorySeparatorChar)));

    private static GoTestEventReader Read(string json, string? modulePath = ModulePath, string? moduleRoot = null)
    {
        var reader = new GoTestEventReader(modulePath, modulePath is null ? null : moduleRoot ?? ModuleRoot);
        foreach (string line in GoOutput.Lines(json))
            Assert.True(reader.TryRead(line, out _), line);
        return reader;
    }

    private static string Event(string action, string package, string? test = null, string? output = null)
    {
        string json = $"{{\"Action\":\"{action}\",\"Package\":\"{package}\"";
        if (test is not null)
            json += $",\"Test\":\"{test}\"";
        if (output is not null)
            json += $",\"Output\":\"{output}\"";
        return json + "}";
    }

    [Fact]
    public void CountsPassedFailedAndSkippedTests()
    {
        GoTestEventReader reader = Read(GoOutput.TestJson);

        // Passed: TestRoot, TestOK, TestTable/good. Failed: TestPanics, TestStatus, TestTable/bad, TestTable, TestFailNow.
        Assert.Equal(3, reader.Passed);
        Assert.Equal(5, reader.Failed);
        Assert.Equal(1, reader.Skipped);
        Assert.Equal(2, reader.Packages);
        Assert.Equal(new[] { "example.com/server", "example.com/server/internal/web" }, reader.FailedPackages.OrderBy(p => p).ToArray());
    }

    [Fact]
    public void FailureInASubpackageIsPlacedInItsDirectoryThroughTheModulePath()
    {
        GoTestFailure f = Read(GoOutput.TestJson).Failures().Single(x => x.Test == "TestStatus");

        Assert.Equal("example.com/server/internal/web", f.Package);
        Assert.Equal(InModule("internal/web/handlers_test.go"), f.File);
        Assert.Equal(9, f.Line);
        Assert.Equal("TestStatus failed: handlers_test.go:9: want 200, got 500", f.Message);
    }

    [Fact]
    public void HandlersTestLineTwelveMapsToTheFileInTheModule()
    {
        string json = string.Join("\n",
            Event("run", "example.com/server/internal/web", "TestHandler"),
            Event("output", "example.com/server/internal/web", "TestHandler", "=== RUN   TestHandler\\n"),
            Event("output", "example.com/server/internal/web", "TestHandler", "    handlers_test.go:12: want 200\\n"),
            Event("output", "example.com/server/internal/web", "TestHandler", "--- FAIL: TestHandler (0.00s)\\n"),
            Event("fail", "example.com/server/internal/web", "TestHandler"));

        GoTestFailure f = Assert.Single(Read(json).Failures());

        Assert.Equal(InModule("internal/web/handlers_test.go"), f.File);
        Assert.Equal(12, f.Line);
        Assert.Equal("TestHandler failed: handlers_test.go:12: want 200", f.Message);
    }

    [Fact]
    public void FailureInTheModuleRootPackageIsPlacedInTheModuleRoot()
    {
        string json = string.Join("\n",
            Event("output", ModulePath, "TestRoot", "    main_test.go:5: boom\\n"),
            Event("fail", ModulePath, "TestRoot"));

        GoTestFailure f = Assert.Single(Read(json).Failures());

        Assert.Equal(InModule("main_test.go"), f.File);
        Assert.Equal(5, f.Line);
    }

    [Fact]
    public void ParentOfAFailingSubtestIsNotReportedAgain()
    {
        List<GoTestFailure> failures = Read(GoOutput.TestJson).Failures().ToList();

        Assert.DoesNotContain(failures, f => f.Test == "TestTable");
        GoTestFailure sub = Assert.Single(failures, f => f.Test == "TestTable/bad");
        Assert.Equal(InModule("internal/web/handlers_test.go"), sub.File);
        Assert.Equal(16, sub.Line);
        Assert.Equal("TestTable/bad failed: handlers_test.go:16: bad case", sub.Message);
    }

    [Fact]
    public void ParentWithItsOwnLocatedFailureIsReportedBesideTheSubtest()
    {
        const string Pkg = "example.com/server/internal/web";
        string json = string.Join("\n",
            Event("output", Pkg, "TestTable/bad", "    handlers_test.go:16: bad case\\n"),
            Event("output", Pkg, "TestTable", "    handlers_test.go:19: cleanup failed\\n"),
            Event("fail", Pkg, "TestTable/bad"),
            Event("fail", Pkg, "TestTable"));

        List<GoTestFailure> failures = Read(json).Failures().ToList();

        Assert.Equal(new[] { ("TestTable/bad", 16), ("TestTable", 19) }, failures.Select(f => (f.Test, f.Line)).ToArray());
    }

    [Fact]
    public void EachFailingTestIsReportedOnce()
    {
        List<GoTestFailure> failures = Read(GoOutput.TestJson).Failures().ToList();

        Assert.Equal(new[] { "TestFailNow", "TestPanics", "TestStatus", "TestTable/bad" }, failures.Select(f => f.Test).OrderBy(t => t).ToArray());
    }

    [Fact]
    public void FailureWithoutLocationHasNoFile()
    {
        GoTestFailure f = Read(GoOutput.TestJson).Failures().Single(x => x.Test == "TestFailNow");

        Assert.Null(f.File);
        Assert.Equal(0, f.Line);
        Assert.Equal("TestFailNow failed.", f.Message);
    }

    [Fact]
    public void PanickingTestIsReportedWithThePanicAndNoLocation()
    {
        GoTestFailure f = Read(GoOutput.TestJson).Failures().Single(x => x.Test == "TestPanics");

        Assert.Equal("example.com/server", f.Package);
        // The stack trace ("\t/tmp/gofx/tst/main_test.go:9 +0x2e") is not a t.Error location.
        Assert.Null(f.File);
        Assert.StartsWith("TestPanics failed: panic: assignment to entry in nil map [recovered]\n", f.Message);
        Assert.DoesNotContain("=== RUN", f.Message);
        Assert.DoesNotContain("--- FAIL", f.Message);
    }

    [Fact]
    public void MultiLineMessageKeepsEveryLineTrimmed()
    {
        GoTestFailure f = Assert.Single(Read(GoOutput.TestJsonMultiLine).Failures());

        Assert.Equal(InModule("internal/web/multi_test.go"), f.File);
        Assert.Equal(6, f.Line);
        Assert.Equal("TestMultiLine failed: multi_test.go:6: first line\nsecond line\nmulti_test.go:7: after", f.Message);
    }

    [Fact]
    public void SkippedTestIsNoFailure()
    {
        Assert.DoesNotContain(Read(GoOutput.TestJson).Failures(), f => f.Test == "TestSkipped");
    }

    [Fact]
    public void PackageOutsideTheModuleHasNoFile()
    {
        string json = string.Join("\n",
            Event("output", "example.com/serverx/web", "TestX", "    x_test.go:3: nope\\n"),
            Event("fail", "example.com/serverx/web", "TestX"));

        GoTestFailure f = Assert.Single(Read(json).Failures());

        Assert.Null(f.File);
        Assert.Equal("TestX failed: x_test.go:3: nope", f.Message);
    }

    [Fact]
    public void WithoutAModuleTheFailureHasNoFile()
    {
        GoTestFailure f = Read(GoOutput.TestJson, modulePath: null).Failures().Single(x => x.Test == "TestStatus");

        Assert.Null(f.File);
        Assert.Equal("TestStatus failed: handlers_test.go:9: want 200, got 500", f.Message);
    }

    [Fact]
    public void OnlyTheFailingTestIsBlamedAmongPassingCachedAndUntestedPackages()
    {
        GoTestEventReader reader = Read(GoOutput.TestJsonSeveralPackages);

        GoTestFailure f = Assert.Single(reader.Failures());
        Assert.Equal("example.com/server/internal/calc", f.Package);
        Assert.Equal(InModule("internal/calc/calc_test.go"), f.File);
        Assert.Equal(7, f.Line);
        Assert.Empty(reader.PackageFailures());
        Assert.True(reader.HasFailureToBlame);
        Assert.Equal((1, 1, 4), (reader.Passed, reader.Failed, reader.Packages));
    }

    [Fact]
    public void PackageFailingWithoutAFailingTestIsBlamedWithWhatItPrinted()
    {
        GoTestEventReader reader = Read(GoOutput.TestJsonSeveralPackages + "\n" + GoOutput.TestJsonTestMainExits);

        GoTestFailure f = Assert.Single(reader.PackageFailures());
        Assert.Equal("example.com/server/internal/setup", f.Package);
        Assert.Null(f.File);
        Assert.Equal("tests failed: setup broke", f.Message);
        Assert.Single(reader.Failures());
    }

    [Fact]
    public void PassingRunHasNothingToBlame()
    {
        GoTestEventReader reader = Read(string.Join("\n", GoOutput.Lines(GoOutput.TestJsonSeveralPackages).Where(l => !l.Contains("internal/calc"))));

        Assert.False(reader.HasFailureToBlame);
        Assert.Empty(reader.Failures());
        Assert.Empty(reader.PackageFailures());
    }

    [Fact]
    public void PackageWhoseBuildFailedIsLeftToItsCompileErrors()
    {
        // Go 1.24+ reports the build failure inside the JSON stream too.
        GoTestEventReader reader = Read("""
            {"Action":"output","Package":"example.com/server/internal/web","Output":"FAIL\texample.com/server/internal/web [build failed]\n"}
            {"Action":"fail","Package":"example.com/server/internal/web","Elapsed":0}
            """);

        Assert.Empty(reader.PackageFailures());
    }

    [Fact]
    public void PackageOutputIsHandedBackWithoutItsNewline()
    {
        var reader = new GoTestEventReader(ModulePath, ModuleRoot);

        Assert.True(reader.TryRead("""{"Action":"output","Package":"example.com/server","Output":"FAIL\texample.com/server\t0.007s\n"}""", out string? packageOutput));

        Assert.Equal("FAIL\texample.com/server\t0.007s", packageOutput);
    }

    [Fact]
    public void TestOutputIsNotPackageOutput()
    {
        var reader = new GoTestEventReader(ModulePath, ModuleRoot);

        Assert.True(reader.TryRead("""{"Action":"output","Package":"example.com/server","Test":"TestRoot","Output":"=== RUN   TestRoot\n"}""", out string? packageOutput));

        Assert.Null(packageOutput);
    }

    [Theory]
    [InlineData("FAIL\texample.com/vet2 [build failed]")]
    [InlineData("# example.com/vet2 [example.com/vet2.test]")]
    [InlineData("./main_test.go:6:14: cannot use \"s\" (untyped string constant) as int value in variable declaration")]
    [InlineData("{not json")]
    [InlineData("")]
    public void PlainTextIsNotATestEvent(string line)
    {
        var reader = new GoTestEventReader(ModulePath, ModuleRoot);

        Assert.False(reader.TryRead(line, out string? packageOutput));

        Assert.Null(packageOutput);
        Assert.Equal(0, reader.Packages);
    }

    // BUG (deliberately failing): since Go 1.24 `go test -json` reports build errors as JSON events of their own,
    // {"ImportPath":"m/x [m/x.test]","Action":"build-output","Output":"..."} (format from Go's
    // src/cmd/go/testdata/script/test_json_build.txt). TryRead accepts them as events but neither hands the text back
    // nor keeps it, so GoTest never parses them: compile errors in tests are lost and only the generic
    // "tests failed (see the output above)" error remains.
    [Fact]
    public void BuildOutputEventsOfNewerGoAreHandedBackForParsing()
    {
        var reader = new GoTestEventReader("m", ModuleRoot);

        bool isEvent = reader.TryRead("""{"ImportPath":"m/builderror [m/builderror.test]","Action":"build-output","Output":"builderror/main_test.go:3:11: undefined: y\n"}""", out string? packageOutput);

        Assert.True(isEvent);
        Assert.Equal("builderror/main_test.go:3:11: undefined: y", packageOutput);
    }
}
