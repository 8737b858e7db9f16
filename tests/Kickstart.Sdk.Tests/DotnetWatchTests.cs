using System;
using System.IO;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>`dotnet watch` on a .NET app that references a Go project watches the Go sources too (_CollectWatchItems).</summary>
public sealed class DotnetWatchTests
{
    [Fact]
    public void DotnetWatchListOfTheHostShowsTheGoFiles()
    {
        using var ws = Workspace.Create(nameof(DotnetWatchListOfTheHostShowsTheGoFiles));
        GoProject go = ws.AddGoProject("GoServer", "GoServer");
        go.Write("main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n");
        go.Write("templates/index.gohtml", "<p>{{.}}</p>");
        go.Write("bin/Debug/generated.go", "package main\n");
        go.Write("ignored.go", "package main\n");
        // <GoCompile Update="ignored.go" Watch="false" />
        Microsoft.Build.Construction.ProjectItemElement ignored = go.Project.CreateItemElement("GoCompile");
        ignored.Update = "ignored.go";
        go.Project.AddItemGroup().AppendChild(ignored);
        ignored.AddMetadata("Watch", "false", expressAsAttribute: true);
        go.Save();
        CSharpProject app = ws.AddConsoleApp("App", "App", ProjectReferenceTests.HostProgram).AddProjectReference("../GoServer/GoServer.proj");

        // --list evaluates and prints the watched files, then exits: it starts nothing.
        CommandResult list = ws.Dotnet("watch", "--list", "--project", app.ProjectPath);
        Assert.True(list.Succeeded, list.ToString());
        foreach (string expected in new[] { "main.go", "main_test.go", "go.mod", "GoServer.proj", Path.Combine("templates", "index.gohtml") })
            Assert.Contains(list.Lines, l => l.Trim() == Path.Combine(go.Directory, expected));
        Assert.Contains(list.Lines, l => l.Trim() == Path.Combine(app.Directory, "Program.cs"));
        Assert.DoesNotContain(list.Lines, l => l.Contains(Path.Combine(go.Directory, "bin"), StringComparison.Ordinal));
        Assert.DoesNotContain(list.Lines, l => l.Trim() == Path.Combine(go.Directory, "ignored.go"));
        Assert.Empty(ws.Go.Calls);
    }

    /// <summary>
    /// README's way to keep Roslyn's project loader (dotnet watch's hot reload) from trying the Go project:
    /// ReferenceOutputAssembly="false" on the app's reference, which must change nothing about the binary.
    /// </summary>
    [Fact]
    public void AReferenceWithoutOutputAssemblyStillCopiesAndPublishesTheGoBinary()
    {
        using var ws = Workspace.Create(nameof(AReferenceWithoutOutputAssemblyStillCopiesAndPublishesTheGoBinary));
        ws.AddGoProject("GoServer", "GoServer");
        CSharpProject app = ws.AddConsoleApp("App", "App", ProjectReferenceTests.HostProgram);
        app.Project.AddItem("ProjectReference", "../GoServer/GoServer.proj").AddMetadata("ReferenceOutputAssembly", "false", expressAsAttribute: true);
        app.Save();

        CommandResult publish = ws.Dotnet("publish", app.ProjectPath, "-c", "Debug");
        Assert.True(publish.Succeeded, publish.ToString());
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory(), "GoServer")), publish.ToString());
        Assert.True(File.Exists(Path.Combine(app.PublishDirectory("Debug"), "GoServer")), publish.ToString());
        CommandResult run = ws.Dotnet(Path.Combine(app.PublishDirectory("Debug"), "App.dll"));
        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("go said: hello from go | args: from-dotnet", run.Output);
    }
}

/// <summary>
/// A real `dotnet watch … run` of a C# console host whose Go sidecar (a ProjectReference) it starts from its output
/// directory: a Go edit must reach the sidecar the host runs. Slow (dotnet watch builds and evaluates the graph), so one
/// test per mode of dotnet watch.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class DotnetWatchRunTests
{
    private static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan AfterEdit = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Hot reload (the default) watches the files of every project of the graph that its design-time build leaves in
    /// Compile/AdditionalFiles/Watch. Once the host has exited, a Go edit rebuilds it (and the sidecar) and runs it again.
    /// </summary>
    [Fact]
    public void HotReloadWatchRebuildsAndRerunsAnExitedHostOnAGoEdit()
    {
        using var ws = Workspace.Create(nameof(HotReloadWatchRebuildsAndRerunsAnExitedHostOnAGoEdit));
        GoProject go = ws.AddGoProject("GoServer", "GoServer");
        CSharpProject app = ws.AddConsoleApp("App", "App", ProjectReferenceTests.HostProgram).AddProjectReference("../GoServer/GoServer.proj");

        using var watch = DotnetWatchSession.Start(ws, app.ProjectPath);
        watch.WaitForLine(l => l.Contains("go said: hello from go | args: from-dotnet"), FirstRun, "the host's first run");
        watch.WaitForLine(l => l.Contains("Waiting for a file to change before restarting"), AfterEdit, "dotnet watch waiting after the host exited");

        go.Write("main.go", GoProject.DefaultMain.Replace("hello from go", "hello after an edit"));
        watch.WaitForLine(l => l.Contains("go said: hello after an edit | args: from-dotnet"), AfterEdit, "the rebuilt sidecar's output");
        watch.StopAndAssertNothingLeftRunning();
    }

    /// <summary>Without hot reload dotnet watch restarts the running host on every change to a watched file, Go files included.</summary>
    [Fact]
    public void NoHotReloadWatchRestartsTheRunningHostWithTheRebuiltSidecarOnAGoEdit()
    {
        using var ws = Workspace.Create(nameof(NoHotReloadWatchRestartsTheRunningHostWithTheRebuiltSidecarOnAGoEdit));
        GoProject go = ws.AddGoProject("GoServer", "GoServer");
        // The host keeps running after it has shown the sidecar's output, as a server would.
        string host = ProjectReferenceTests.HostProgram.Replace("return go.ExitCode;", "Thread.Sleep(Timeout.Infinite);\nreturn 0;");
        CSharpProject app = ws.AddConsoleApp("App", "App", host).AddProjectReference("../GoServer/GoServer.proj");

        using var watch = DotnetWatchSession.Start(ws, app.ProjectPath, "--no-hot-reload");
        watch.WaitForLine(l => l.Contains("go said: hello from go | args: from-dotnet"), FirstRun, "the host's first run");
        watch.WaitForLine(l => l.Contains("Waiting for changes"), AfterEdit, "dotnet watch watching");

        go.Write("main.go", GoProject.DefaultMain.Replace("hello from go", "hello after an edit"));
        watch.WaitForLine(l => l.Contains("go said: hello after an edit | args: from-dotnet"), AfterEdit, "the restarted host with the rebuilt sidecar");
        watch.StopAndAssertNothingLeftRunning();
    }
}
