using System;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;
using Microsoft.Build.Construction;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// KickstartWatchLeanStart: the evaluation `dotnet build -t:Watch` makes only to start the watch lists none of the
/// project's files (the watch evaluates the project again for itself), so a large tree is walked once at start, not
/// twice. These check that it lists nothing while the watch still builds and watches every file, that the property
/// brings the items back, and that a build of the project from that evaluation is KS1017, never a build without inputs.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class WatchLeanStartTests
{
    private const string CountLine = "outer evaluation's GoCompile:";

    [Fact]
    public void TheBuildThatStartsTheWatchListsNoFilesAndTheWatchStillBuildsThem()
    {
        using GoProject project = TestServer.Create(nameof(TheBuildThatStartsTheWatchListsNoFilesAndTheWatchStillBuildsThem));
        SayTheOuterItemCount(project);
        using (WatchSession watch = WatchSession.Start(project, "-tl:off"))
        {
            watch.WaitUntilServing("message=v1");
            Assert.True(watch.Lines.Any(l => l.Contains(CountLine + " 0;")), watch.Output);

            // The watch's own evaluation lists the sources: an edit of one is rebuilt (the fast path, on that evaluation).
            project.Write("main.go", TestServer.WithMessage("v2"));
            watch.WaitUntilServing("message=v2");
            watch.Signal(ProcessTable.SIGTERM);
            Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(20)), watch.Output);
            watch.AssertNothingLeftRunning();
        }

        using (WatchSession watch = WatchSession.Start(project, "-tl:off", "-p:KickstartWatchLeanStart=false"))
        {
            watch.WaitUntilServing("message=v2");
            Assert.True(watch.Lines.Any(l => l.Contains(CountLine + " 1;")), watch.Output);
        }
    }

    [Fact]
    public void ABuildOfTheProjectFromTheWatchsStartIsKS1017()
    {
        using GoProject project = TestServer.Create(nameof(ABuildOfTheProjectFromTheWatchsStartIsKS1017));
        ProjectTargetElement first = project.Project.AddTarget("BuildBeforeTheWatch");
        first.BeforeTargets = "Watch";
        first.AddTask("CallTarget").SetParameter("Targets", "Build");
        project.Save();

        CommandResult result = project.Build("-t:Watch");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Contains(result.Lines, l => l.Contains("error KS1017") && l.Contains("KickstartWatchLeanStart"));
        Assert.False(result.HasStackTrace, result.ToString());
        Assert.False(System.IO.File.Exists(project.BinaryPath()), "a binary was built from an evaluation without sources");
    }

    // A target before the watch that says how many GoCompile items the build's evaluation has (the main.go of TestServer).
    private static void SayTheOuterItemCount(GoProject project)
    {
        ProjectTargetElement say = project.Project.AddTarget("SayTheOuterItems");
        say.BeforeTargets = "Watch";
        ProjectTaskElement message = say.AddTask("Message");
        message.SetParameter("Importance", "high");
        message.SetParameter("Text", CountLine + " @(GoCompile->Count());");
        project.Save();
    }
}
