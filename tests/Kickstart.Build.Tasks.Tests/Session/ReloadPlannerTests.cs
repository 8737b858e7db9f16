using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Session;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>Which batches keep the last evaluation (the fast path) and which evaluate the project anew.</summary>
public sealed class ReloadPlannerTests
{
    private static readonly string Project = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "kickstart-planner", "app"));

    private static readonly WatchSet Set = new(
        Project,
        files: new[] { "main.go", "web/handlers.go", "go.mod", "go.sum", "views/index.html", "app.proj", "Directory.Build.props" },
        ignoredFiles: Array.Empty<string>(),
        excludedDirectories: new[] { Path.Combine(Project, "bin") },
        newFilePatterns: new[] { "*.go", "*.html" },
        restartFiles: new[] { "views/index.html" },
        projectFiles: new[] { "app.proj", "Directory.Build.props" });

    private static string P(string relative) => Path.Combine(Project, relative);

    private static ReloadPlan Plan(params FileChange[] batch) => Plan(batch, existing: null);

    private static ReloadPlan Plan(FileChange[] batch, string[]? existing)
    {
        var exists = new HashSet<string>((existing ?? new[] { "main.go", "web/handlers.go", "go.mod", "go.sum", "views/index.html", "app.proj", "Directory.Build.props", "web/new.go" }).Select(P));
        return ReloadPlanner.Plan(batch, Set, exists.Contains);
    }

    [Fact]
    public void AnEmptyBatchNeedsNothing() => Assert.Equal(ReloadAction.Nothing, Plan().Action);

    [Theory]
    [InlineData("main.go", FileChangeKind.Modified)]
    [InlineData("web/handlers.go", FileChangeKind.Modified)]
    [InlineData("web/handlers.go", FileChangeKind.Created)] // an atomic save renames a temporary file over it
    [InlineData("go.sum", FileChangeKind.Modified)]
    public void AModifiedKnownFileKeepsTheEvaluation(string file, FileChangeKind kind)
    {
        ReloadPlan plan = Plan(new FileChange(P(file), kind));
        Assert.Equal(ReloadAction.Build, plan.Action);
        Assert.Equal(new[] { P(file) }, plan.ChangedFiles);
    }

    [Theory]
    [InlineData("web/new.go", FileChangeKind.Created)]      // not an item yet
    [InlineData("go.mod", FileChangeKind.Modified)]         // module file
    [InlineData("app.proj", FileChangeKind.Modified)]       // the project file
    [InlineData("Directory.Build.props", FileChangeKind.Modified)] // an import
    [InlineData("web", FileChangeKind.Deleted)]             // a directory holding listed files
    public void AChangeOfTheProjectsShapeEvaluatesAnew(string file, FileChangeKind kind) =>
        Assert.Equal(ReloadAction.FullBuild, Plan(new FileChange(P(file), kind)).Action);

    // Whether the file is there decides, not the event: the last event of a path may lag behind the disk.
    [Theory]
    [InlineData(FileChangeKind.Deleted)]
    [InlineData(FileChangeKind.Modified)]
    public void AFileNoLongerThereEvaluatesAnew(FileChangeKind kind) =>
        Assert.Equal(ReloadAction.FullBuild, Plan(new[] { new FileChange(P("main.go"), kind) }, existing: Array.Empty<string>()).Action);

    [Fact]
    public void LostEventsEvaluateAnew() =>
        Assert.Equal(ReloadAction.FullBuild, Plan(new FileChange(Project, FileChangeKind.Overflow)).Action);

    [Fact]
    public void OneShapeChangeMakesTheWholeBatchFull() =>
        Assert.Equal(ReloadAction.FullBuild, Plan(new FileChange(P("main.go"), FileChangeKind.Modified), new FileChange(P("web/new.go"), FileChangeKind.Created)).Action);

    [Fact]
    public void AFileTheServerReadsAtStartAsksForARestart()
    {
        Assert.True(Plan(new FileChange(P("views/index.html"), FileChangeKind.Modified)).RestartEvenIfUnchanged);
        Assert.False(Plan(new FileChange(P("main.go"), FileChangeKind.Modified)).RestartEvenIfUnchanged);
    }
}
