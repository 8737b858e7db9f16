using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Native;
using Kickstart.Build.Tasks.FileWatching;
using Xunit.Abstractions;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>The inotify source on real directories: what it leaves out, its lifecycle, rescans and large trees.</summary>
[Collection(RealFileSystemCollection.Name)]
public sealed class InotifyChangeSourceTests : IDisposable
{
    private readonly TempDirectory _project = new();
    private readonly ITestOutputHelper _output;

    public InotifyChangeSourceTests(ITestOutputHelper output)
    {
        _output = output;
        _project.Write("go.mod", "module example.com/app\n");
        _project.Write("main.go", "package main\n");
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task ChangesInBinObjAndGit_GiveNothing()
    {
        _project.Write("bin/old.go", "package main\n");
        _project.Write("obj/old.go", "package main\n");
        _project.Write(".git/HEAD", "ref: refs/heads/main\n");
        using var pipeline = WatchPipeline.StartInotify(_project);

        _project.Write("bin/server.go", "package main\n");
        _project.Write("obj/cache.go", "package main\n");
        _project.Write(".git/hooks/pre-commit.go", "package main\n");
        _project.Write("cmd/bin/tool.go", "package main\n");   // bin below a new directory: excluded by name anywhere
        _project.Write("node_modules/x/y.go", "package main\n");

        await pipeline.AssertNoBatchAsync();
    }

    [Fact]
    public async Task ChangesInExcludedDirectories_AreLeftOutOfABatchWithARealChange()
    {
        _project.Write("bin/old.go", "package main\n");
        using var pipeline = WatchPipeline.StartInotify(_project);

        // Excluded writes first, then a real one: if the excluded ones were seen, they would be in the same batch.
        _project.Write("bin/server.go", "package main\n");
        _project.Write(".git/index.go", "package main\n");
        string main = _project.Write("main.go", "package main // v2\n");

        IReadOnlyList<FileChange> batch = await pipeline.NextBatchAsync();
        Assert.Equal(main, Assert.Single(batch).Path);
    }

    [Fact]
    public async Task IgnoredFile_GivesNothing()
    {
        _project.Write("generated.go", "package main\n");
        using var pipeline = WatchPipeline.StartInotify(_project, "generated.go");

        _project.Write("generated.go", "package main // regenerated\n");

        await pipeline.AssertNoBatchAsync();
    }

    [Fact]
    public async Task FileMatchingNoPattern_GivesNothing()
    {
        using var pipeline = WatchPipeline.StartInotify(_project);

        _project.Write("notes.txt", "todo\n");
        _project.Write("main.go.swp", "vim swap\n");

        await pipeline.AssertNoBatchAsync();
    }

    [Fact]
    public async Task DirectoryOfListedFilesMovedAway_GivesOneBatch()
    {
        _project.Write("store/store.go", "package main\n");
        using var elsewhere = new TempDirectory();
        using var pipeline = WatchPipeline.StartInotify(_project);

        // Moving a directory out of the tree raises no event per file, only one for the directory.
        Directory.Move(_project["store"], elsewhere["store"]);

        IReadOnlyList<FileChange> batch = await pipeline.NextBatchAsync();
        Assert.Equal(new[] { new FileChange(_project["store"], FileChangeKind.Deleted) }, batch);
        await pipeline.AssertNoBatchAsync();

        // Its watches were dropped: changes in its new place are not reported under the old path.
        File.WriteAllText(elsewhere["store/store.go"], "package store // v2\n");
        await pipeline.AssertNoBatchAsync();
    }

    [Fact]
    public async Task DirectoryMovedIn_ReportsItsFiles()
    {
        using var elsewhere = new TempDirectory();
        elsewhere.Write("auth/auth.go", "package main\n");
        using var pipeline = WatchPipeline.StartInotify(_project);

        Directory.Move(elsewhere["auth"], _project["auth"]);

        IReadOnlyList<FileChange> batch = await pipeline.NextBatchAsync();
        Assert.Equal(new[] { new FileChange(_project["auth/auth.go"], FileChangeKind.Created) }, batch);
    }

    [Fact]
    public async Task SymlinkedPackageOutsideTheTree_ReportsEditsUnderTheLinksPath()
    {
        // Go and MSBuild's globs compile a linked package under the link's path: edits behind it must rebuild.
        using var shared = new TempDirectory();
        string target = shared.Write("auth/auth.go", "package main\n");
        Directory.CreateSymbolicLink(_project["auth"], shared["auth"]);
        using var pipeline = WatchPipeline.StartInotify(_project);

        File.WriteAllText(target, "package auth // v2\n");

        IReadOnlyList<FileChange> batch = await pipeline.NextBatchAsync();
        Assert.Equal(_project["auth/auth.go"], Assert.Single(batch).Path);
    }

    [Fact]
    public async Task SymlinkBackIntoTheTree_IsNotWalkedTwice()
    {
        _project.Write("internal/store.go", "package main\n");
        Directory.CreateSymbolicLink(_project["loop"], _project.Path);
        Directory.CreateSymbolicLink(_project["alias"], _project["internal"]);
        using var pipeline = WatchPipeline.StartInotify(_project);

        string store = _project.Write("internal/store.go", "package main // v2\n");

        IReadOnlyList<FileChange> batch = await pipeline.NextBatchAsync();
        Assert.Equal(store, Assert.Single(batch).Path);
    }

    [Fact]
    public void Dispose_WakesTheReaderPromptlyAndLeavesNoThread()
    {
        var source = new InotifyChangeSource();
        source.Start(new[] { _project.Path }, _ => false, _ => { });
        var reader = source.ReaderThread;
        Assert.NotNull(reader);
        Assert.True(reader!.IsAlive);

        var stopwatch = Stopwatch.StartNew();
        source.Dispose();
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"Dispose took {stopwatch.Elapsed}.");
        Assert.False(reader.IsAlive);
        source.Dispose(); // twice is fine
    }

    [Fact]
    public async Task Dispose_FromInsideTheCallback_DoesNotDeadlock()
    {
        var source = new InotifyChangeSource();
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Start(new[] { _project.Path }, _ => false, _ =>
        {
            source.Dispose();
            disposed.TrySetResult();
        });

        _project.Write("main.go", "package main // v2\n");

        await disposed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(source.ReaderThread!.Join(TimeSpan.FromSeconds(5)), "The reader thread did not end.");
    }

    [Fact]
    public void Start_WatchesEveryDirectoryButExcludedOnes()
    {
        Directory.CreateDirectory(_project["a/b/c"]);
        Directory.CreateDirectory(_project[".github/workflows"]);
        Directory.CreateDirectory(_project["bin/sub"]);
        using var source = new InotifyChangeSource();

        source.Start(new[] { _project.Path }, path => Path.GetFileName(path) == "bin", _ => { });

        // root, a, a/b, a/b/c, .github, .github/workflows (hidden directories are watched too)
        Assert.Equal(6, source.WatchCount);
    }

    [Fact]
    public async Task Rescan_WatchesDirectoriesItMissedAndReportsOneOverflowPerRoot()
    {
        using var secondRoot = new TempDirectory();
        Directory.CreateDirectory(_project["late"]);
        bool lateIsExcluded = true;
        var recorder = new ChangeRecorder();
        using var source = new InotifyChangeSource();
        source.Start(new[] { _project.Path, secondRoot.Path }, path => lateIsExcluded && path.EndsWith("late"), recorder.Record);
        Assert.Equal(2, source.WatchCount);

        // "late" stands for a directory whose creation event was lost in an overflow.
        lateIsExcluded = false;
        source.Rescan();

        Assert.Equal(3, source.WatchCount);
        Assert.Equal(
            new[] { new FileChange(_project.Path, FileChangeKind.Overflow), new FileChange(secondRoot.Path, FileChangeKind.Overflow) },
            recorder.Changes);
        string file = _project.Write("late/late.go", "package main\n");
        Assert.True(await recorder.WaitForAsync(file, FileChangeKind.Modified, TimeSpan.FromSeconds(5)), "No event from the rescanned directory.");
    }

    [Fact]
    public void Start_OnATreeOf20000Directories_IsQuick()
    {
        // 20 directories of 999 subdirectories each, plus the 20: 20,000 directories under the root.
        using var tree = new TempDirectory();
        for (int i = 0; i < 20; i++)
        {
            string parent = Path.Combine(tree.Path, $"d{i:D2}");
            Directory.CreateDirectory(parent);
            for (int j = 0; j < 999; j++)
            {
                Directory.CreateDirectory(Path.Combine(parent, $"e{j:D3}"));
            }
        }

        using var source = new InotifyChangeSource();
        var stopwatch = Stopwatch.StartNew();
        source.Start(new[] { tree.Path }, _ => false, _ => { });
        stopwatch.Stop();

        _output.WriteLine($"inotify Start on 20,000 directories: {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Console.WriteLine($"inotify Start on 20,000 directories: {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(20_001, source.WatchCount);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Start took {stopwatch.Elapsed}.");
    }

    [Fact]
    public void WatchLimit_BecomesWatchLimitReachedExceptionNamingTheSetting()
    {
        Exception error = InotifyChangeSource.ErrorForAddWatch(LinuxNative.ENOSPC, "/src/app");

        var limit = Assert.IsType<WatchLimitReachedException>(error);
        Assert.Contains("fs.inotify.max_user_watches", limit.Message);
        Assert.IsType<IOException>(InotifyChangeSource.ErrorForAddWatch(LinuxNative.EINVAL, "/src/app"));
    }

    [Theory]
    [InlineData(LinuxNative.IN_CREATE, FileChangeKind.Created)]
    [InlineData(LinuxNative.IN_MOVED_TO, FileChangeKind.Created)]
    [InlineData(LinuxNative.IN_MODIFY, FileChangeKind.Modified)]
    [InlineData(LinuxNative.IN_CLOSE_WRITE, FileChangeKind.Modified)]
    [InlineData(LinuxNative.IN_DELETE, FileChangeKind.Deleted)]
    [InlineData(LinuxNative.IN_MOVED_FROM, FileChangeKind.Deleted)]
    public void FileEvents_MapToChangeKinds(uint mask, FileChangeKind expected)
    {
        Assert.Equal(expected, InotifyChangeSource.ClassifyFileEvent(mask));
    }

    [Theory]
    [InlineData(LinuxNative.IN_CLOSE_WRITE, true)]
    [InlineData(LinuxNative.IN_MOVED_TO, true)]
    [InlineData(LinuxNative.IN_MODIFY, false)]
    [InlineData(LinuxNative.IN_CREATE, false)]
    [InlineData(LinuxNative.IN_DELETE, false)]
    [InlineData(LinuxNative.IN_MOVED_FROM, false)]
    public void OnlyACloseAfterWritingOrARenameIntoPlace_EndsASave(uint mask, bool endsSave)
    {
        Assert.Equal(endsSave, InotifyChangeSource.EndsSave(mask));
    }

    [Fact]
    public async Task ARealSave_EndsWithAChangeThatSaysSo_AndTheWritesBeforeItDoNot()
    {
        string main = _project["main.go"];
        var recorder = new ChangeRecorder();
        using var source = new InotifyChangeSource();
        source.Start(new[] { _project.Path }, _ => false, recorder.Record);

        // An in-place save: open, truncate and write (IN_MODIFY), close (IN_CLOSE_WRITE).
        using (var stream = new FileStream(main, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(0);
            stream.Write("package main // v2\n"u8);
            stream.Flush();
            Assert.True(await recorder.WaitForAsync(main, FileChangeKind.Modified, TimeSpan.FromSeconds(5)), "the write was not seen");
            Assert.DoesNotContain(recorder.Changes, c => c.EndsSave);
        }

        Assert.True(await recorder.WaitUntilAsync(changes => changes.Any(c => c.EndsSave), TimeSpan.FromSeconds(5)), "the close was not seen");
        Assert.Equal(new FileChange(main, FileChangeKind.Modified, EndsSave: true), recorder.Changes[^1]);

        // A temp file renamed over it: the rename into place ends that save.
        string temp = _project.Write("main.go.tmp42", "package main // v3\n");
        int before = recorder.Changes.Count;
        File.Move(temp, main, overwrite: true);
        Assert.True(await recorder.WaitUntilAsync(changes => changes.Skip(before).Any(c => c.Path == main), TimeSpan.FromSeconds(5)), "the rename was not seen");
        Assert.Contains(new FileChange(main, FileChangeKind.Created, EndsSave: true), recorder.Changes.Skip(before));
    }

    [Fact]
    public void SelfEvents_AreNoFileChange()
    {
        Assert.Null(InotifyChangeSource.ClassifyFileEvent(LinuxNative.IN_DELETE_SELF));
        Assert.Null(InotifyChangeSource.ClassifyFileEvent(LinuxNative.IN_MOVE_SELF));
    }
}
