using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// The lifecycle <see cref="ChangeSource"/> gives every source (start once, dispose while the reader is blocked or
/// from inside the callback, overflow → rescan), decided against a fake inotify (<see cref="FakeInotifySystemCalls"/>);
/// the directory trees are real. InotifyChangeSourceTests are the same lifecycle against the real kernel.
/// </summary>
public sealed class ChangeSourceLifecycleTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _project = new();
    private readonly FakeInotifySystemCalls _calls = new();
    private readonly ChangeRecorder _recorder = new();

    public ChangeSourceLifecycleTests()
    {
        _project.Write("main.go", "package main\n");
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Start_Twice_Throws_AndAfterDispose_ThrowsObjectDisposed()
    {
        var source = new InotifyChangeSource(_calls);
        source.Start(new[] { _project.Path }, _ => false, _recorder.Record);

        Assert.Throws<InvalidOperationException>(() => source.Start(new[] { _project.Path }, _ => false, _recorder.Record));
        Assert.Single(_calls.Watched); // the second Start placed nothing

        source.Dispose();
        Assert.Throws<ObjectDisposedException>(() => source.Start(new[] { _project.Path }, _ => false, _recorder.Record));
    }

    [Fact]
    public void Start_ThatFails_ClosesWhatItOpened_AndCanBeStartedAgain()
    {
        _calls.AddWatchErrno = _ => LinuxNative.ENOSPC;
        var source = new InotifyChangeSource(_calls);

        var error = Assert.Throws<WatchLimitReachedException>(() => source.Start(new[] { _project.Path }, _ => false, _recorder.Record));
        Assert.Contains("fs.inotify.max_user_watches", error.Message);
        Assert.Equal(new[] { FakeInotifySystemCalls.InotifyDescriptor, FakeInotifySystemCalls.WakeUpDescriptor }, _calls.Closed);
        Assert.Null(source.ReaderThread);

        _calls.AddWatchErrno = _ => 0;
        source.Start(new[] { _project.Path }, _ => false, _recorder.Record);
        Assert.True(source.ReaderThread!.IsAlive);
        source.Dispose();
    }

    [Fact]
    public void Start_WhenInotifyInstancesRanOut_ThrowsWatchLimitReachedNamingTheSetting()
    {
        _calls.CreateInotifyErrno = LinuxNative.EMFILE;
        using var source = new InotifyChangeSource(_calls);

        var error = Assert.Throws<WatchLimitReachedException>(() => source.Start(new[] { _project.Path }, _ => false, _recorder.Record));
        Assert.Contains("fs.inotify.max_user_instances", error.Message);
        Assert.Empty(_calls.Watched);
    }

    [Fact]
    public void Dispose_WhileTheReaderIsBlockedInWait_WakesItOnceAndClosesEachDescriptorOnce()
    {
        var source = new InotifyChangeSource(_calls);
        source.Start(new[] { _project.Path }, _ => false, _recorder.Record);
        Assert.True(_calls.Blocked.Wait(Deadline), "The reader never blocked in Wait.");
        Assert.Empty(_calls.Closed); // not while the reader may still use them

        source.Dispose();

        Assert.False(source.ReaderThread!.IsAlive);
        Assert.Equal(1, _calls.WakeUps);
        Assert.Equal(new[] { FakeInotifySystemCalls.InotifyDescriptor, FakeInotifySystemCalls.WakeUpDescriptor }, _calls.Closed);

        source.Dispose();
        Assert.Equal(1, _calls.WakeUps);
        Assert.Equal(2, _calls.Closed.Count);
    }

    [Fact]
    public void Dispose_BeforeStart_ClosesNothingAndWakesNothing()
    {
        var source = new InotifyChangeSource(_calls);

        source.Dispose();

        Assert.Equal(0, _calls.WakeUps);
        Assert.Empty(_calls.Closed);
        Assert.Null(source.ReaderThread);
    }

    [Fact]
    public async Task Dispose_FromInsideTheCallback_ReportsNothingMoreAndClosesWhenTheReaderExits()
    {
        var source = new InotifyChangeSource(_calls);
        var closedWhileInCallback = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Start(new[] { _project.Path }, _ => false, change =>
        {
            _recorder.Record(change);
            source.Dispose();
            closedWhileInCallback.TrySetResult(_calls.Closed.Count);
        });
        int root = _calls.WatchOf(_project.Path);

        // Two records in one read: the second comes after Dispose and must not be reported.
        _calls.Deliver(
            InotifyRecordBytes.Record(root, LinuxNative.IN_MODIFY, "main.go"),
            InotifyRecordBytes.Record(root, LinuxNative.IN_CREATE, "other.go"));

        Assert.Equal(0, await closedWhileInCallback.Task.WaitAsync(Deadline)); // the reader still runs: nothing closed yet
        Assert.True(source.ReaderThread!.Join(Deadline), "The reader thread did not end.");
        Assert.Equal(new[] { FakeInotifySystemCalls.InotifyDescriptor, FakeInotifySystemCalls.WakeUpDescriptor }, _calls.Closed);
        Assert.Equal(new[] { new FileChange(_project["main.go"], FileChangeKind.Modified) }, _recorder.Changes);
    }

    [Fact]
    public async Task Overflow_RewatchesEveryRootAndReportsOneOverflowPerRootOnce()
    {
        using var secondRoot = new TempDirectory();
        Directory.CreateDirectory(_project["late"]);
        bool lateIsExcluded = true;
        using var source = new InotifyChangeSource(_calls);
        source.Start(new[] { _project.Path, secondRoot.Path }, path => lateIsExcluded && path.EndsWith("late"), _recorder.Record);
        Assert.Equal(new[] { _project.Path, secondRoot.Path }, _calls.Watched);

        // "late" stands for a directory whose creation event was lost in the overflow; watching it now fails at the
        // limit, which must not add overflows of its own: one per root, once.
        lateIsExcluded = false;
        _calls.AddWatchErrno = directory => directory == _project["late"] ? LinuxNative.ENOSPC : 0;
        _calls.Deliver(InotifyRecordBytes.Record(-1, LinuxNative.IN_Q_OVERFLOW));
        // A later event, to know that everything the overflow caused was reported before it.
        _calls.Deliver(InotifyRecordBytes.Record(_calls.WatchOf(_project.Path), LinuxNative.IN_MODIFY, "main.go"));

        Assert.True(await _recorder.WaitUntilAsync(changes => changes.Count >= 3, Deadline), "Nothing reported.");
        Assert.Equal(
            new[]
            {
                new FileChange(_project.Path, FileChangeKind.Overflow),
                new FileChange(secondRoot.Path, FileChangeKind.Overflow),
                new FileChange(_project["main.go"], FileChangeKind.Modified),
            },
            _recorder.Changes);
        Assert.Equal(new[] { _project.Path, secondRoot.Path, _project.Path, secondRoot.Path }, _calls.Watched);
    }

    [Fact]
    public async Task HandlingThatThrows_IsReportedAsAnOverflow_AndTheReaderGoesOn()
    {
        using var source = new InotifyChangeSource(_calls);
        source.Start(
            new[] { _project.Path },
            path => path.EndsWith("broken") ? throw new UnauthorizedAccessException("cannot decide") : false,
            _recorder.Record);
        int root = _calls.WatchOf(_project.Path);

        _calls.Deliver(
            InotifyRecordBytes.Record(root, LinuxNative.IN_CREATE | LinuxNative.IN_ISDIR, "broken"),
            InotifyRecordBytes.Record(root, LinuxNative.IN_MODIFY, "main.go"));

        Assert.True(await _recorder.WaitUntilAsync(changes => changes.Count >= 2, Deadline), "Nothing reported.");
        Assert.Equal(
            new[] { new FileChange(_project.Path, FileChangeKind.Overflow), new FileChange(_project["main.go"], FileChangeKind.Modified) },
            _recorder.Changes);
        Assert.True(source.ReaderThread!.IsAlive);
    }

    [Fact]
    public async Task WaitInterrupted_WaitsAgain()
    {
        _calls.NextWaitErrno = LinuxNative.EINTR;
        using var source = new InotifyChangeSource(_calls);
        source.Start(new[] { _project.Path }, _ => false, _recorder.Record);

        _calls.Deliver(InotifyRecordBytes.Record(_calls.WatchOf(_project.Path), LinuxNative.IN_CLOSE_WRITE, "main.go"));

        Assert.True(await _recorder.WaitForAsync(_project["main.go"], FileChangeKind.Modified, Deadline), "The reader stopped at EINTR.");
    }

    [Fact]
    public void WaitFailing_EndsTheReader_AndDisposeStillClosesOnce()
    {
        _calls.NextWaitErrno = LinuxNative.EBADF;
        var source = new InotifyChangeSource(_calls);
        source.Start(new[] { _project.Path }, _ => false, _recorder.Record);

        Assert.True(source.ReaderThread!.Join(Deadline), "The reader did not end when poll failed.");
        Assert.Empty(_calls.Closed);

        source.Dispose();
        Assert.Equal(new[] { FakeInotifySystemCalls.InotifyDescriptor, FakeInotifySystemCalls.WakeUpDescriptor }, _calls.Closed);
    }
}
