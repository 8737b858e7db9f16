using System;
using System.IO;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>The FileSystemWatcher source is meant for Windows, but FileSystemWatcher runs here too.</summary>
[Collection(RealFileSystemCollection.Name)]
public sealed class FileSystemWatcherChangeSourceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task ReportsFileChangesButNotThoseInExcludedDirectories()
    {
        string main = _project.Write("main.go", "package main\n");
        Directory.CreateDirectory(_project["bin"]);
        var recorder = new ChangeRecorder();
        using var source = new FileSystemWatcherChangeSource();
        Assert.Equal("FileSystemWatcher", source.Name);
        source.Start(new[] { _project.Path }, path => Path.GetFileName(path) == "bin", recorder.Record);

        _project.Write("bin/server.go", "package main\n");
        File.WriteAllText(main, "package main // v2\n");
        Assert.True(await recorder.WaitForAsync(main, FileChangeKind.Modified, Deadline), "Modification not seen.");

        string created = _project.Write("pkg/new.go", "package main\n");
        Assert.True(await recorder.WaitForAsync(created, FileChangeKind.Created, Deadline), "File in a new directory not seen.");

        File.Delete(main);
        Assert.True(await recorder.WaitForAsync(main, FileChangeKind.Deleted, Deadline), "Deletion not seen.");
        Assert.DoesNotContain(recorder.Changes, c => c.Path.Contains(Path.DirectorySeparatorChar + "bin"));
        // No event says a save is over: every batch of this source waits the quiet window.
        Assert.DoesNotContain(recorder.Changes, c => c.EndsSave);
    }
}
