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
}
