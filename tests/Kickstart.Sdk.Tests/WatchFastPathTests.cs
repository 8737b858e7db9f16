using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Kickstart.Contracts;
using Kickstart.Sdk.Tests.Infrastructure;
using Microsoft.Build.Construction;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// The watch's fast path (issue 9): a batch that only modifies files the last evaluation listed is built on that
/// evaluation — no re-evaluation, no globbing — yet every target still runs, and whatever changes what the project's
/// items are (a file created or deleted, go.mod, a new //go:embed directive) is seen.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class WatchFastPathTests
{
    /// <summary>Serves what it was built with: a constant of main.go, the -X stamp, and what feature.go and extra/ add.</summary>
    private const string Server = """
        package main

        import (
        	"fmt"
        	"net/http"
        	"os"
        )

        const version = "v1"

        var stamp = "none"

        var feature = "off"

        func main() {
        	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
        		fmt.Fprintf(w, "version=%s stamp=%s feature=%s extra=%s;", version, stamp, feature, extra())
        	})
        	fmt.Println("server: listening")
        	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil); err != nil {
        		fmt.Println("server:", err)
        		os.Exit(1)
        	}
        }
        """;

    private const string NoExtra = "package main\n\nfunc extra() string { return \"none\" }\n";

    private static GoProject CreateProject(string testName)
    {
        GoProject project = GoProject.Create(testName, "server", withMain: false);
        project.Write("main.go", Server).Write("extra.go", NoExtra);
        return project;
    }

    private static void SetVersion(GoProject project, string version) =>
        project.Write("main.go", project.Read("main.go").Replace(CurrentVersion(project), $"const version = \"{version}\""));

    private static string CurrentVersion(GoProject project) =>
        project.Read("main.go").Split('\n').First(l => l.StartsWith("const version = ", StringComparison.Ordinal));

    [Fact]
    public void ModifiedSourcesAreBuiltOnTheLastEvaluationWithEveryHookAndAGoModEditEvaluatesAnew()
    {
        using GoProject project = CreateProject(nameof(ModifiedSourcesAreBuiltOnTheLastEvaluationWithEveryHookAndAGoModEditEvaluatesAnew));
        // A value the evaluation reads from a file the watch does not watch: which evaluation built the binary shows.
        project.Write("stamp.txt", "one");
        project.Project.AddProperty("Stamp", "$([System.IO.File]::ReadAllText('$(MSBuildProjectDirectory)/stamp.txt').Trim())");
        project.Project.AddProperty("GoLdFlags", "-X main.stamp=$(Stamp)");
        // A user's hook before the Go build: it must run on every rebuild, fast path or not.
        ProjectTargetElement hook = project.Project.AddTarget("CountBuilds");
        hook.BeforeTargets = "CoreGoBuild";
        ProjectTaskElement write = hook.AddTask("WriteLinesToFile");
        write.SetParameter("File", "$(MSBuildProjectDirectory)/hook.log");
        write.SetParameter("Lines", "ran");
        project.Save();
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("version=v1 stamp=one");

        // Not watched: no rebuild for it, and the fast path's rebuilds keep the evaluation that read "one".
        project.Write("stamp.txt", "two");
        for (int i = 2; i <= 3; i++)
        {
            SetVersion(project, $"v{i}");
            watch.WaitUntilServing($"version=v{i} stamp=one");
        }
        Assert.Equal(3, HookRuns(project));
        Assert.All(watch.Lines.Where(l => l.Contains("1 file changed (main.go)")), l => Assert.Matches(WatchStatusLines.RebuildPhasesPattern, l));

        // go.mod decides what the packages are: the project is evaluated anew, and reads "two".
        project.Write("go.mod", project.Read("go.mod") + "\n// edited\n");
        watch.WaitUntilServing("version=v3 stamp=two");
        Assert.Equal(4, HookRuns(project));
    }

    [Fact]
    public void FileCreatedInANewDirectoryAfterFastPathReloadsIsCompiled()
    {
        using GoProject project = CreateProject(nameof(FileCreatedInANewDirectoryAfterFastPathReloadsIsCompiled));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("version=v1");
        for (int i = 2; i <= 3; i++)
        {
            SetVersion(project, $"v{i}");
            watch.WaitUntilServing($"version=v{i}");
        }

        // A package in a directory that did not exist, then the source that uses it (one batch or two: either way).
        project.Write("internal/more/more.go", "package more\n\n// Text is what the server says it got from here.\nfunc Text() string { return \"more-1\" }\n");
        project.Write("extra.go", "package main\n\nimport \"example.com/app/internal/more\"\n\nfunc extra() string { return more.Text() }\n");
        watch.WaitUntilServing("extra=more-1");

        // The new file is an item now: a fast-path edit of it is built.
        project.Write("internal/more/more.go", project.Read("internal/more/more.go").Replace("more-1", "more-2"));
        watch.WaitUntilServing("extra=more-2");
    }

    /// <summary>
    /// Evaluations after the first full-path reload list only the directories the watch saw change
    /// (KickstartWatchKeepDirectoryListings): a file created in the package's directory, one in a directory that did not
    /// exist, and a deletion are each in the items of the build they cause (a hook writes @(GoCompile) before go runs).
    /// </summary>
    [Fact]
    public void CreatedAndDeletedFilesAreTheItemsOfEachLaterEvaluation()
    {
        using GoProject project = CreateProject(nameof(CreatedAndDeletedFilesAreTheItemsOfEachLaterEvaluation));
        ProjectTargetElement hook = project.Project.AddTarget("WriteTheItems");
        hook.BeforeTargets = "CoreGoBuild";
        ProjectTaskElement write = hook.AddTask("WriteLinesToFile");
        write.SetParameter("File", "$(MSBuildProjectDirectory)/items.log");
        write.SetParameter("Lines", "@(GoCompile)");
        write.SetParameter("Overwrite", "true");
        project.Save();
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("version=v1");
        string[] Items() => File.ReadAllLines(Path.Combine(project.Directory, "items.log"));

        // The first reload of a new evaluation lists the tree and keeps it.
        project.Write("more.go", "package main\n\nfunc init() { feature = \"more\" }\n");
        watch.WaitUntilServing("feature=more");
        Assert.Contains("more.go", Items());

        // A package in a directory that did not exist: its parent's kept listing did not have it.
        project.Write("internal/more/more.go", "package more\n\n// Text is what the server says it got from here.\nfunc Text() string { return \"more-1\" }\n");
        project.Write("extra.go", "package main\n\nimport \"example.com/app/internal/more\"\n\nfunc extra() string { return more.Text() }\n");
        watch.WaitUntilServing("extra=more-1");
        Assert.Contains("internal/more/more.go", Items());

        project.Delete("more.go");
        watch.WaitUntilServing("feature=off");
        Assert.DoesNotContain("more.go", Items());
        Assert.Contains("internal/more/more.go", Items());
    }

    [Fact]
    public void DeletedFileIsNoLongerCompiledOnThisOrAnyLaterReload()
    {
        using GoProject project = CreateProject(nameof(DeletedFileIsNoLongerCompiledOnThisOrAnyLaterReload));
        project.Write("feature.go", "package main\n\nfunc init() { feature = \"on\" }\n");
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("version=v1 stamp=none feature=on");
        SetVersion(project, "v2");
        watch.WaitUntilServing("version=v2 stamp=none feature=on");

        project.Delete("feature.go");
        watch.WaitUntilServing("feature=off");
        // The fast path after it builds on the evaluation without the file.
        SetVersion(project, "v3");
        watch.WaitUntilServing("version=v3 stamp=none feature=off");
    }

    [Fact]
    public void EmbedDirectiveAddedToAKnownSourceOnTheFastPathIsHonouredAndItsFileWatched()
    {
        using GoProject project = CreateProject(nameof(EmbedDirectiveAddedToAKnownSourceOnTheFastPathIsHonouredAndItsFileWatched));
        // A .txt file is no item: only the directive makes it an input.
        project.Write("notes/today.txt", "note-1");
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("extra=none");
        SetVersion(project, "v2");
        watch.WaitUntilServing("version=v2");

        // extra.go is a known source: a fast-path rebuild, which must read its new directive.
        project.Write("extra.go", "package main\n\nimport (\n\t_ \"embed\"\n\t\"strings\"\n)\n\n//go:embed notes/today.txt\nvar note string\n\nfunc extra() string { return strings.TrimSpace(note) }\n");
        watch.WaitUntilServing("extra=note-1");

        // The embedded file is watched and an input now: its edit is built and served.
        project.Write("notes/today.txt", "note-2");
        watch.WaitUntilServing("extra=note-2");
    }

    [Fact]
    public void FastPathAfterFailedBuildsStillBuildsTheirChangesWhenTheLastFileComesBackWithItsOldTime()
    {
        using GoProject project = CreateProject(nameof(FastPathAfterFailedBuildsStillBuildsTheirChangesWhenTheLastFileComesBackWithItsOldTime));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("version=v1");
        string extraFile = Path.Combine(project.Directory, "extra.go");
        DateTime extraTime = File.GetLastWriteTimeUtc(extraFile);

        // extra.go broken, then main.go edited: two failed builds, the binary still v1's.
        project.Write("extra.go", "package main\n\nfunc extra() string { return undefinedName }\n");
        watch.WaitForCount("build failed", 1);
        SetVersion(project, "v2");
        watch.WaitForCount("build failed", 2);

        // extra.go restored as a backup tool does (`cp -p` then rename into place): its old content and time, older
        // than the binary. The build is for main.go's change too, which no build has made yet: v2 is served.
        string restored = Path.Combine(project.Directory, ".extra.go.restore");
        File.WriteAllText(restored, NoExtra);
        File.SetLastWriteTimeUtc(restored, extraTime);
        File.Move(restored, extraFile, overwrite: true);
        watch.WaitUntilServing("version=v2");
    }

    [Fact]
    public void WatchBuildsStampNoVersionControlDataUnlessTheProjectAsks()
    {
        using GoProject project = GoProject.Create(nameof(WatchBuildsStampNoVersionControlDataUnlessTheProjectAsks));
        Git(project.Directory, "init", "-q");
        Git(project.Directory, "add", "-A");
        Git(project.Directory, "-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-q", "-m", "init");

        // A plain build stamps (go's default in a repository); a watch build does not; -buildvcs of the project wins.
        AssertBuild(project, stamped: true);
        AssertBuild(project, stamped: false, "-p:KickstartWatchIteration=1");
        AssertBuild(project, stamped: true, "-p:KickstartWatchIteration=1", "-p:GoBuildFlags=-buildvcs=true");
        AssertBuild(project, stamped: true, "-p:KickstartWatchIteration=1", "-p:GoEnvironment=GOFLAGS=-buildvcs=true");
    }

    private static void AssertBuild(GoProject project, bool stamped, params string[] arguments)
    {
        CommandResult build = project.Build(arguments);
        Assert.True(build.Succeeded, build.ToString());
        string[] settings = BuildSettings(project.BinaryPath());
        Assert.True(stamped == settings.Any(l => l.StartsWith("build\tvcs=", StringComparison.Ordinal)),
            $"{string.Join(" ", arguments)}: expected {(stamped ? "" : "no ")}vcs stamp, go version -m says:\n{string.Join("\n", settings)}");
    }

    private static int HookRuns(GoProject project) =>
        File.Exists(Path.Combine(project.Directory, "hook.log")) ? File.ReadAllLines(Path.Combine(project.Directory, "hook.log")).Length : 0;

    /// <summary>What go recorded in the binary (`go version -m`: the "build\t…" lines).</summary>
    private static string[] BuildSettings(string binary) =>
        Run(TestRun.RealGo, Path.GetDirectoryName(binary)!, "version", "-m", binary)
            .Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("build\t", StringComparison.Ordinal)).ToArray();

    private static void Git(string directory, params string[] arguments) => Run("git", directory, arguments);

    private static string Run(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(" ", arguments)}: {error}");
        return output;
    }
}
