using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// The kqueue source's decisions on any OS, against <see cref="FakeKqueueSystemCalls"/> over real directories:
/// what it watches, what a directory's write event reports, and that Dispose wakes the reader and closes every
/// descriptor. KqueueChangeSourceTests are the same against a real kqueue (macOS, FreeBSD).
/// </summary>
public sealed class KqueueChangeSourceDecisionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _project = new();
    private readonly FakeKqueueSystemCalls _calls = new();
    private readonly ChangeRecorder _recorder = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Start_WatchesEveryDirectoryAndFileButExcludedOnes()
    {
        string main = _project.Write("main.go", "package main\n");
        string store = _project.Write("internal/store.go", "package main\n");
        _project.Write("bin/server", "package main\n");
        using var source = new KqueueChangeSource(_calls);

        source.Start(new[] { _project.Path }, path => Path.GetFileName(path) == "bin", _recorder.Record);

        Assert.Equal(Sorted(_project.Path, main, _project["internal"], store), Sorted(_calls.Watched));
    }

    [Fact]
    public async Task DirectoryWriteEvent_ReportsAndWatchesNewFiles_AndReportsAndUnwatchesGoneOnes()
    {
        string main = _project.Write("main.go", "package main\n");
        using var source = new KqueueChangeSource(_calls);
        source.Start(new[] { _project.Path }, _ => false, _recorder.Record);

        string created = _project.Write("handlers.go", "package main\n");
        File.Delete(main);
        _calls.Deliver(_project.Path, VnodeChanges.Write);

        Assert.True(await _recorder.WaitUntilAsync(changes => changes.Count >= 2, Deadline), "Nothing reported.");
        Assert.Equal(
            new[] { new FileChange(created, FileChangeKind.Created), new FileChange(main, FileChangeKind.Deleted) },
            _recorder.Changes);
        Assert.Equal(Sorted(_project.Path, created), Sorted(_calls.Watched));
    }

    [Fact]
    public async Task FileWriteEvent_IsAModification_AndAFileRenamedOverIsReWatched()
    {
        string main = _project.Write("main.go", "package main\n");
        using var source = new KqueueChangeSource(_calls);
        source.Start(new[] { _project.Path }, _ => false, _recorder.Record);

        _calls.Deliver(main, VnodeChanges.Extend);
        Assert.True(await _recorder.WaitForAsync(main, FileChangeKind.Modified, Deadline), "The write was not reported.");

        // An editor renamed a new version over it: the old descriptor is done, the name exists again.
        _calls.Deliver(main, VnodeChanges.Rename);
        Assert.True(await _recorder.WaitUntilAsync(changes => changes.Count >= 2, Deadline), "The rename was not reported.");
        Assert.Equal(new[] { new FileChange(main, FileChangeKind.Modified), new FileChange(main, FileChangeKind.Modified) }, _recorder.Changes);
        Assert.Contains(main, _calls.Watched);
    }

    [Fact]
    public void Dispose_WhileTheReaderIsBlocked_WakesItAndClosesEveryDescriptorOnce()
    {
        _project.Write("main.go", "package main\n");
        var source = new KqueueChangeSource(_calls);
        source.Start(new[] { _project.Path }, _ => false, _recorder.Record);
        Assert.True(_calls.Blocked.Wait(Deadline), "The reader never blocked in Wait.");

        source.Dispose();

        Assert.False(source.ReaderThread!.IsAlive);
        Assert.Equal(1, _calls.WakeUps);
        Assert.Empty(_calls.Watched);
        Assert.Equal(3, _calls.Closed.Count); // the directory, main.go and the queue
        Assert.Equal(FakeKqueueSystemCalls.QueueDescriptor, _calls.Closed[^1]);
        source.Dispose();
        Assert.Equal(3, _calls.Closed.Count);
    }

    private static string[] Sorted(params string[] paths) => paths.Order(StringComparer.Ordinal).ToArray();

    private static string[] Sorted(IEnumerable<string> paths) => paths.Order(StringComparer.Ordinal).ToArray();
}
