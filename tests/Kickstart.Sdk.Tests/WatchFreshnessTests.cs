using System;
using System.IO;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// Never stale: whatever the user changes under watch — the project file, a file of a kind the project had none of, a
/// file in an embedded directory, a template or config file the server reads when it starts — the server that answers
/// afterwards is one that saw the change.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class WatchFreshnessTests
{
    /// <summary>
    /// A server that reads its content at start and nowhere else: page.tmpl and hooks.json from disk, the names under
    /// static/ from its embedded file system, and a constant chosen by a build tag. Go 1.19 compatible.
    /// </summary>
    private const string ReadsAtStart = """
        package main

        import (
        	"embed"
        	"fmt"
        	"io/fs"
        	"net/http"
        	"os"
        	"strings"
        )

        //go:embed static
        var static embed.FS

        func read(name string) string {
        	b, err := os.ReadFile(name)
        	if err != nil {
        		return "none"
        	}
        	return strings.TrimSpace(string(b))
        }

        func main() {
        	page, hooks, note := read("page.tmpl"), read("hooks.json"), read("views/today.note")
        	var names []string
        	fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
        		if err == nil && !d.IsDir() {
        			names = append(names, p)
        		}
        		return nil
        	})
        	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
        		fmt.Fprintf(w, "tagged=%s page=%s hooks=%s note=%s static=%s;", tagged, page, hooks, note, strings.Join(names, ","))
        	})
        	fmt.Println("server: listening")
        	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil); err != nil {
        		fmt.Println("server:", err)
        		os.Exit(1)
        	}
        }
        """;

    private static GoProject CreateProject(string testName)
    {
        GoProject project = GoProject.Create(testName, "server", withMain: false);
        project.Write("main.go", ReadsAtStart)
            .Write("tag_a.go", "//go:build a\n\npackage main\n\nconst tagged = \"A\"\n")
            .Write("tag_none.go", "//go:build !a\n\npackage main\n\nconst tagged = \"none\"\n")
            .Write("static/one.txt", "1")
            .Write("hooks.json", "{\"hooks\":1}");
        return project;
    }

    [Fact]
    public void ProjectFileEditIsAppliedWithoutRestartingTheWatch()
    {
        using GoProject project = CreateProject(nameof(ProjectFileEditIsAppliedWithoutRestartingTheWatch));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("tagged=none");

        project.SetProperty("GoTags", "a");
        watch.WaitUntilServing("tagged=A");
        watch.WaitForLine(l => l.Contains($"1 file changed ({project.Name}.proj)"), what: "the rebuild for the project file");
    }

    [Fact]
    public void ProjectFileMistakesAreReportedWhileTheOldServerServesAndTheirFixIsApplied()
    {
        using GoProject project = CreateProject(nameof(ProjectFileMistakesAreReportedWhileTheOldServerServesAndTheirFixIsApplied));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("tagged=none");
        string good = File.ReadAllText(project.ProjectPath);

        // A setting the build rejects: its KS error, then the old server still answers.
        project.SetProperty("GoMainPackage", "nowhere");
        watch.WaitForLine(l => l.Contains("error KS1004"), what: "KS1004 for the new GoMainPackage");
        watch.WaitForLine(l => l.Contains("build failed") && l.Contains("still serving the last good build"), what: "the still-serving notice");
        Assert.Contains("tagged=none", Http.TryGet(watch.Url));

        // Broken XML: MSBuild's own error, reported as such, and still the old server.
        int failedBefore = watch.CountMatching("build failed");
        File.WriteAllText(project.ProjectPath, good.Replace("</Project>", ""));
        watch.WaitForLine(l => l.Contains("error MSB4025"), what: "the XML error");
        watch.WaitForCount("build failed", failedBefore + 1);
        Assert.Contains("tagged=none", Http.TryGet(watch.Url));

        // The fix, with a real change in it: the new setting is built and served.
        File.WriteAllText(project.ProjectPath, good.Replace("</Project>", "  <PropertyGroup><GoTags>a</GoTags></PropertyGroup>\n</Project>"));
        watch.WaitUntilServing("tagged=A");
        Assert.DoesNotContain(watch.Lines, l => l.Contains("binary unchanged") && l.Contains(".proj"));
    }

    [Fact]
    public void WatchSettingChangedInTheProjectIsSaidToNeedANewWatch()
    {
        using GoProject project = CreateProject(nameof(WatchSettingChangedInTheProjectIsSaidToNeedANewWatch));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("tagged=none");

        // The stop timeout was handed to the running watch; a build setting in the same edit applies at once.
        project.SetProperty("KickstartServerStopTimeoutMilliseconds", "1234");
        project.SetProperty("GoTags", "a");
        watch.WaitUntilServing("tagged=A");
        watch.WaitForLine(l => l.Contains("KickstartServerStopTimeoutMilliseconds changed in the project") && l.Contains("when it starts again"),
            what: "the notice that the setting needs a new watch");
    }

    [Fact]
    public void FirstTemplateOfAKindTheProjectHadNoneOfIsSeen()
    {
        using GoProject project = CreateProject(nameof(FirstTemplateOfAKindTheProjectHadNoneOfIsSeen));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("page=none");

        // No .tmpl file existed: only the item patterns (GoContentPatterns) can make this one count.
        project.Write("page.tmpl", "first");
        watch.WaitUntilServing("page=first");
    }

    [Fact]
    public void FirstFileOfAnItemGlobTheUserWroteIsSeen()
    {
        using GoProject project = CreateProject(nameof(FirstFileOfAnItemGlobTheUserWroteIsSeen));
        // An extension no default pattern and no existing file has: only the project's own wildcard names it.
        project.Project.AddItem("GoContent", "views/**/*.note");
        project.Save();
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("note=none");

        project.Write("views/today.note", "first note");
        watch.WaitUntilServing("note=first note");
    }

    [Fact]
    public void TemplateTheServerParsesAtStartIsServedAfterEveryEdit()
    {
        using GoProject project = CreateProject(nameof(TemplateTheServerParsesAtStartIsServedAfterEveryEdit));
        project.Write("page.tmpl", "t1");
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("page=t1");

        // The binary is the same: the server must be restarted all the same, since only a new one reads the file.
        project.Write("page.tmpl", "t2");
        watch.WaitUntilServing("page=t2");
        project.Write("page.tmpl", "t3");
        watch.WaitUntilServing("page=t3");
        Assert.DoesNotContain(watch.Lines, l => l.Contains("(page.tmpl)") && l.Contains("server not restarted"));
    }

    [Fact]
    public void WatchItemTheServerReadsAtStartRestartsIt()
    {
        using GoProject project = CreateProject(nameof(WatchItemTheServerReadsAtStartRestartsIt));
        project.Project.AddItem("Watch", "hooks.json");
        project.Save();
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("hooks={\"hooks\":1}");

        project.Write("hooks.json", "{\"hooks\":2}");
        watch.WaitUntilServing("hooks={\"hooks\":2}");
    }

    [Fact]
    public void EditorsTemporaryFileInAnEmbeddedDirectoryIsNoChangeOfItsOwn()
    {
        using GoProject project = CreateProject(nameof(EditorsTemporaryFileInAnEmbeddedDirectoryIsNoChangeOfItsOwn));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("static=static/one.txt;");

        // sed -i's way: a temporary file beside the original, renamed over it.
        string temporary = Path.Combine(project.Directory, "static", "sedX1b2c3");
        File.WriteAllText(temporary, "one, edited");
        File.Move(temporary, Path.Combine(project.Directory, "static", "one.txt"), overwrite: true);

        watch.WaitForLine(l => l.Contains("1 file changed (static/one.txt)"), what: "the rebuild for the edited file alone");
        Assert.DoesNotContain(watch.Lines, l => l.Contains("sedX1b2c3"));
    }

    [Fact]
    public void NewFileInAnEmbeddedDirectoryIsBuiltIn()
    {
        using GoProject project = CreateProject(nameof(NewFileInAnEmbeddedDirectoryIsBuiltIn));
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("static=static/one.txt;");

        // A name no item pattern knows, in a directory only the //go:embed directive names.
        project.Write("static/fonts/two.woff2", "2");
        watch.WaitUntilServing("static=static/fonts/two.woff2,static/one.txt;");
    }
}
