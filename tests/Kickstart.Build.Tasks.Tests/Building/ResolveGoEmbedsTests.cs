using System.IO;
using Kickstart.Build.Tasks.Tests.Session;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks.Tests.Building;

/// <summary>Whether what the //go:embed directives embed changed since the project's last resolve (the watch's fast path reads it).</summary>
public sealed class ResolveGoEmbedsTests : System.IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private bool EmbedsChanged(string projectFile, string source)
    {
        var task = new ResolveGoEmbeds { BuildEngine = new RecordingEngine(), ProjectFile = projectFile, Sources = new ITaskItem[] { new TaskItem(source) } };
        Assert.True(task.Execute());
        return task.EmbedsChanged;
    }

    [Fact]
    public void TwoProjectsResolvedInTurnInOneProcessEachCompareWithTheirOwnLastResolve()
    {
        // A server that embeds its page and a client that embeds nothing, built one after the other in one process
        // (a server's build builds its WebAssembly client first), through the same target of the same Sdk.targets.
        _dir.Write("server/page.html", "<p>");
        string server = _dir.Write("server/main.go", "package main\n\nimport _ \"embed\"\n\n//go:embed page.html\nvar page string\n");
        string client = _dir.Write("client/main.go", "package main\n\nfunc main() {}\n");
        string serverProject = _dir.At("server/server.proj");
        string clientProject = _dir.At("client/client.proj");

        Assert.True(EmbedsChanged(clientProject, client)); // first resolve of each: nothing to compare with
        Assert.True(EmbedsChanged(serverProject, server));
        Assert.False(EmbedsChanged(clientProject, client));
        Assert.False(EmbedsChanged(serverProject, server));

        File.WriteAllText(server, "package main\n\nfunc main() {}\n");
        Assert.True(EmbedsChanged(serverProject, server));
        Assert.False(EmbedsChanged(clientProject, client));
    }
}
