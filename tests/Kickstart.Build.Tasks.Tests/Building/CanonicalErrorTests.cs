using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

/// <summary>The watch reports its rebuilds' errors itself: they must read exactly as MSBuild would have printed them.</summary>
public sealed class CanonicalErrorTests
{
    private const string Project = "/src/app/app.proj";

    [Fact]
    public void FileLineAndColumn()
    {
        var d = new GoDiagnostic("/src/app/main.go", 14, 13, "undefined: x", false, "GO1001");
        Assert.Equal("/src/app/main.go(14,13): error GO1001: undefined: x", CanonicalError.Format(d, Project));
    }

    [Fact]
    public void LineWithoutColumn()
    {
        var d = new GoDiagnostic("/src/app/main_test.go", 6, 0, "TestX failed", false, "GO2001");
        Assert.Equal("/src/app/main_test.go(6): error GO2001: TestX failed", CanonicalError.Format(d, Project));
    }

    [Fact]
    public void FileWithoutLine()
    {
        var d = new GoDiagnostic("/src/app/go.mod", 0, 0, "bad module", false, "GO1000");
        Assert.Equal("/src/app/go.mod: error GO1000: bad module", CanonicalError.Format(d, Project));
    }

    [Fact]
    public void NoFileNamesTheProject()
    {
        var d = new GoDiagnostic(null, 0, 0, "'go build' failed with exit code 2: boom", false, "KS1007");
        Assert.Equal("/src/app/app.proj : error KS1007: 'go build' failed with exit code 2: boom", CanonicalError.Format(d, Project));
    }

    [Fact]
    public void Warning()
    {
        var d = new GoDiagnostic("/src/app/a.go", 3, 1, "unusual", true, "GO1002");
        Assert.Equal("/src/app/a.go(3,1): warning GO1002: unusual", CanonicalError.Format(d, Project));
    }

    [Theory]
    [InlineData(130, true)] // 128 + SIGINT: Ctrl+C
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(143, false)] // SIGTERM is not the terminal's Ctrl+C
    public void OnlyCtrlCsExitCodeIsAnInterruption(int exitCode, bool interrupted)
    {
        Assert.Equal(interrupted, GoToolTask.WasInterrupted(exitCode));
    }
}
