using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// The ways editors and tools save files, through real inotify + WatchSet + ChangeBatcher: each must give exactly one
/// batch to build (<see cref="WatchPipeline.NextBatchAsync"/>) naming the real file, never the temp or backup files
/// around it; a save that ends with a close after writing or a rename into place says so.
/// </summary>
[Collection(RealFileSystemCollection.Name)]
public sealed class InotifyEditorSaveTests : IDisposable
{
    private readonly TempDirectory _project = new();
    private readonly string _handlers;

    public InotifyEditorSaveTests()
    {
        _project.Write("go.mod", "module example.com/app\n");
        _project.Write("main.go", "package main\n");
        _handlers = _project.Write("handlers.go", "package main // v1\n");
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task InPlaceWrite_GivesOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        File.WriteAllText(_handlers, "package main // v2\n");

        await AssertSingleBatchAsync(pipeline, new FileChange(_handlers, FileChangeKind.Modified, EndsSave: true));
    }

    [Fact]
    public async Task VsCodeStyle_WriteTempThenRenameOverTarget_GivesOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        string temp = _project["handlers.go.tmp123"];
        File.WriteAllText(temp, "package main // v2\n");
        File.Move(temp, _handlers, overwrite: true);

        await AssertSingleBatchAsync(pipeline, new FileChange(_handlers, FileChangeKind.Created, EndsSave: true));
    }

    [Fact]
    public async Task JetBrainsStyle_SafeWrite_GivesOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        // Write the new content beside the file, move the original aside, move the new one in, delete the original.
        string temp = _project["handlers.go___jb_tmp___"];
        string old = _project["handlers.go___jb_old___"];
        File.WriteAllText(temp, "package main // v2\n");
        File.Move(_handlers, old);
        File.Move(temp, _handlers);
        File.Delete(old);

        await AssertSingleBatchAsync(pipeline, new FileChange(_handlers, FileChangeKind.Created, EndsSave: true));
    }

    [Fact]
    public async Task VimStyle_BackupRenameWriteDelete_GivesOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        // Vim probes whether it may create files with "4913", renames the original to a backup, writes the new file,
        // then deletes the backup.
        string probe = _project["4913"];
        File.WriteAllText(probe, string.Empty);
        File.Delete(probe);
        string backup = _project["handlers.go~"];
        File.Move(_handlers, backup);
        File.WriteAllText(_handlers, "package main // v2\n");
        File.Delete(backup);

        await AssertSingleBatchAsync(pipeline, new FileChange(_handlers, FileChangeKind.Modified, EndsSave: true));
    }

    [Fact]
    public async Task DeleteThenCreate_GivesOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        File.Delete(_handlers);
        File.WriteAllText(_handlers, "package main // v2\n");

        await AssertSingleBatchAsync(pipeline, new FileChange(_handlers, FileChangeKind.Modified, EndsSave: true));
    }

    [Fact]
    public async Task FileMovedInFromOutsideTheTree_GivesOneBatch()
    {
        using var elsewhere = new TempDirectory();
        string outside = elsewhere.Write("routes.go", "package main\n");
        using var pipeline = WatchPipeline.StartInotify(_project);

        string inside = _project["routes.go"];
        File.Move(outside, inside);

        await AssertSingleBatchAsync(pipeline, new FileChange(inside, FileChangeKind.Created, EndsSave: true));
    }

    [Fact]
    public async Task FileDeleted_GivesOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        File.Delete(_handlers);

        await AssertSingleBatchAsync(pipeline, new FileChange(_handlers, FileChangeKind.Deleted));
    }

    [Fact]
    public async Task NewDirectoryWithFileWrittenAtOnce_GivesOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        Directory.CreateDirectory(_project["store"]);
        string file = _project.Write("store/store.go", "package main\n");

        IReadOnlyList<FileChange> batch = await pipeline.NextBatchAsync();
        Assert.Equal(file, Assert.Single(batch).Path);
        await pipeline.AssertNoBatchAsync();
    }

    [Fact]
    public async Task NestedDirectoriesCreatedAtOnceWithFile_GiveOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        // Like mkdir -p a/b/c && echo > a/b/c/deep.go: the inner directories exist before their parents are watched.
        string file = _project.Write("a/b/c/deep.go", "package main\n");

        IReadOnlyList<FileChange> batch = await pipeline.NextBatchAsync();
        Assert.Equal(file, Assert.Single(batch).Path);
        await pipeline.AssertNoBatchAsync();

        // And the new directories are watched from now on.
        File.WriteAllText(file, "package c // v2\n");
        await AssertSingleBatchAsync(pipeline, new FileChange(file, FileChangeKind.Modified, EndsSave: true));
    }

    [Fact]
    public async Task BurstOfTenSaves_GivesOneBatch()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        for (int i = 0; i < 10; i++)
        {
            File.WriteAllText(_handlers, $"package main // v{i + 2}\n");
        }

        await AssertSingleBatchAsync(pipeline, new FileChange(_handlers, FileChangeKind.Modified, EndsSave: true));
    }

    [Fact]
    public async Task Overflow_GivesOneBatchNamingTheRoot()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        // A real IN_Q_OVERFLOW needs more than fs.inotify.max_queued_events unread events; the reader's response to it
        // is Rescan, called here directly.
        ((InotifyChangeSource)pipeline.Source).Rescan();

        await AssertSingleBatchAsync(pipeline, new FileChange(_project.Path, FileChangeKind.Overflow));
    }

    private static async Task AssertSingleBatchAsync(WatchPipeline pipeline, FileChange expected)
    {
        IReadOnlyList<FileChange> batch = await pipeline.NextBatchAsync();
        Assert.Equal(new[] { expected }, batch);
        await pipeline.AssertNoBatchAsync();
    }
}
