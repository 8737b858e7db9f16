using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>Go's errors reach the user as canonical MSBuild errors: full path(line,col): error GO####: message.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public void SyntaxErrorIsReportedAtItsFileLineAndColumn()
    {
        using var project = GoProject.Create(nameof(SyntaxErrorIsReportedAtItsFileLineAndColumn));
        project.Write("internal/web/handlers.go", "package web\n\nfunc Handle() {\n\tx := \n}\n");
        project.Write("main.go", GoProject.DefaultMain.Replace("import (", "import (\n\t_ \"example.com/app/internal/web\""));
        CommandResult result = project.Build();
        Assert.False(result.Succeeded);
        string file = Path.Combine(project.Directory, "internal", "web", "handlers.go");
        Assert.Contains(result.Lines, l => l.StartsWith($"{file}(5,1): error GO1001: syntax error", System.StringComparison.Ordinal));
        Assert.False(result.HasStackTrace, result.ToString());
    }

    [Fact]
    public void TypeErrorsInSeveralFilesAreEachReported()
    {
        using var project = GoProject.Create(nameof(TypeErrorsInSeveralFilesAreEachReported));
        project.Write("a.go", "package main\n\nfunc a() int { return \"x\" }\n");
        project.Write("b.go", "package main\n\nfunc b() { undefinedName() }\n");
        CommandResult result = project.Build();
        Assert.False(result.Succeeded);
        Assert.Contains(result.Lines, l => l.StartsWith($"{Path.Combine(project.Directory, "a.go")}(3,23): error GO1001: cannot use \"x\"", System.StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.StartsWith($"{Path.Combine(project.Directory, "b.go")}(3,12): error GO1001: undefined: undefinedName", System.StringComparison.Ordinal));
    }

    [Fact]
    public void ContinuationLinesStayWithTheirError()
    {
        using var project = GoProject.Create(nameof(ContinuationLinesStayWithTheirError));
        project.Write("iface.go", "package main\n\ntype S struct{}\n\ntype I interface{ M(int) }\n\nfunc (S) M(string) {}\n\nvar _ I = S{}\n");
        CommandResult result = project.Build();
        Assert.False(result.Succeeded);
        int at = System.Array.FindIndex(result.Lines, l => l.Contains("iface.go(9,11): error GO1001"));
        Assert.True(at >= 0, result.ToString());
        Assert.Contains("have M(string)", string.Join("\n", result.Lines.Skip(at).Take(4)));
    }

    [Fact]
    public void GoCommandFailureWithoutFileIsOneClearError()
    {
        using var project = GoProject.Create(nameof(GoCommandFailureWithoutFileIsOneClearError));
        project.Write("main.go", GoProject.DefaultMain.Replace("import (", "import (\n\t_ \"example.com/missing/dependency\""));
        CommandResult result = project.Build();
        Assert.False(result.Succeeded);
        Assert.Contains(result.Lines, l => l.Contains("error GO") && l.Contains("example.com/missing/dependency"));
        Assert.False(result.HasStackTrace, result.ToString());
    }
}
