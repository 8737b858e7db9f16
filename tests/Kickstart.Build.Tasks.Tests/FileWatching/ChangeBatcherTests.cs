using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>The batcher alone, with synthetic changes: paths ending in ".go" are the relevant ones.</summary>
public sealed class ChangeBatcherTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);
    private static readonly Func<string, bool> GoFilesOnly = path => path.EndsWith(".go", StringComparison.Ordinal);

    [Fact]
    public async Task OneChange_IsReturnedAfterTheQuietWindow()
    {
        using var batcher = new ChangeBatcher(Quiet, GoFilesOnly);
        var stopwatch = Stopwatch.StartNew();

        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified));
        IReadOnlyList<FileChange> batch = await WaitAsync(batcher);

        Assert.Equal(new[] { new FileChange("/app/main.go", FileChangeKind.Modified) }, batch);
        Assert.True(stopwatch.Elapsed >= Quiet - TimeSpan.FromMilliseconds(5), $"Returned after {stopwatch.Elapsed}.");
    }

    [Fact]
    public async Task QuietWindow_IsMeasuredFromTheLastChange()
    {
        // The second change comes well inside the first one's window (100 ms of 600), so it must restart the window.
        var window = TimeSpan.FromMilliseconds(600);
        using var batcher = new ChangeBatcher(window, GoFilesOnly);
        var clock = Stopwatch.StartNew();
        Task<IReadOnlyList<FileChange>> waiting = WaitAsync(batcher);
        Task<TimeSpan> returnedAt = waiting.ContinueWith(_ => clock.Elapsed, TaskContinuationOptions.ExecuteSynchronously);

        // The changes come from the thread pool, as they would from a source's thread: the delay spacing them (the
        // scenario, not a synchronisation) must not wait for one of xunit's test threads, which a CPU-heavy test
        // running alongside may hold for long.
        TimeSpan lastChangeAt = await Task.Run(async () =>
        {
            batcher.Add(new FileChange("/app/a.go", FileChangeKind.Modified));
            await Task.Delay(100);
            TimeSpan now = clock.Elapsed;
            batcher.Add(new FileChange("/app/b.go", FileChangeKind.Modified));
            return now;
        });
        IReadOnlyList<FileChange> batch = await waiting;

        Assert.Equal(new[] { "/app/a.go", "/app/b.go" }, batch.Select(c => c.Path));
        TimeSpan quietAfterLast = await returnedAt - lastChangeAt;
        Assert.True(quietAfterLast >= window - TimeSpan.FromMilliseconds(5), $"Returned {quietAfterLast} after the last change.");
    }

    [Fact]
    public async Task IrrelevantChanges_AreDropped()
    {
        using var batcher = new ChangeBatcher(Quiet, GoFilesOnly);

        batcher.Add(new FileChange("/app/main.go.tmp123", FileChangeKind.Created));
        batcher.Add(new FileChange("/app/notes.txt", FileChangeKind.Modified));

        await AssertNoBatchAsync(batcher);
    }

    [Fact]
    public async Task Overflow_IsAlwaysRelevant()
    {
        using var batcher = new ChangeBatcher(Quiet, _ => false);

        batcher.Add(new FileChange("/app", FileChangeKind.Overflow));

        Assert.Equal(new[] { new FileChange("/app", FileChangeKind.Overflow) }, await WaitAsync(batcher));
    }

    [Fact]
    public async Task SamePath_IsOneEntryAndTheLastKindWins()
    {
        using var batcher = new ChangeBatcher(Quiet, GoFilesOnly);

        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Created));
        batcher.Add(new FileChange("/app/util.go", FileChangeKind.Modified));
        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified));
        batcher.Add(new FileChange("/app/util.go", FileChangeKind.Deleted));

        Assert.Equal(
            new[] { new FileChange("/app/main.go", FileChangeKind.Modified), new FileChange("/app/util.go", FileChangeKind.Deleted) },
            await WaitAsync(batcher));
    }

    [Fact]
    public async Task RelevantTempFileCreatedThenDeleted_StillCountsAsOneEntry()
    {
        using var batcher = new ChangeBatcher(Quiet, GoFilesOnly);

        batcher.Add(new FileChange("/app/scratch.go", FileChangeKind.Created));
        batcher.Add(new FileChange("/app/scratch.go", FileChangeKind.Deleted));

        Assert.Equal(new[] { new FileChange("/app/scratch.go", FileChangeKind.Deleted) }, await WaitAsync(batcher));
    }

    [Fact]
    public async Task Overflow_IsNotReplacedByALaterKind()
    {
        using var batcher = new ChangeBatcher(Quiet, _ => true);

        batcher.Add(new FileChange("/app", FileChangeKind.Overflow));
        batcher.Add(new FileChange("/app", FileChangeKind.Deleted));

        Assert.Equal(new[] { new FileChange("/app", FileChangeKind.Overflow) }, await WaitAsync(batcher));
    }

    [Fact]
    public async Task ChangesWhileTheCallerIsBusy_MakeExactlyOneMoreBatch()
    {
        using var batcher = new ChangeBatcher(Quiet, GoFilesOnly);
        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified));
        await WaitAsync(batcher);

        // The caller is now "building" and not waiting: changes pile up.
        batcher.Add(new FileChange("/app/a.go", FileChangeKind.Modified));
        batcher.Add(new FileChange("/app/b.go", FileChangeKind.Created));
        batcher.Add(new FileChange("/app/a.go", FileChangeKind.Modified));

        IReadOnlyList<FileChange> next = await WaitAsync(batcher);
        Assert.Equal(new[] { "/app/a.go", "/app/b.go" }, next.Select(c => c.Path));
        await AssertNoBatchAsync(batcher);
    }

    [Fact]
    public async Task ConcurrentAdds_AreAllInTheBatch()
    {
        using var batcher = new ChangeBatcher(Quiet, GoFilesOnly);

        Parallel.For(0, 1000, i => batcher.Add(new FileChange($"/app/f{i % 250}.go", FileChangeKind.Modified)));

        IReadOnlyList<FileChange> batch = await WaitAsync(batcher);
        Assert.Equal(250, batch.Count);
        Assert.Equal(250, batch.Select(c => c.Path).Distinct().Count());
    }

    [Fact]
    public async Task Waiting_CanBeCancelled()
    {
        using var batcher = new ChangeBatcher(Quiet, GoFilesOnly);
        using var cancellation = new CancellationTokenSource();

        Task waiting = batcher.WaitForBatchAsync(cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Dispose_EndsAWaitInProgress()
    {
        var batcher = new ChangeBatcher(Quiet, GoFilesOnly);
        Task waiting = batcher.WaitForBatchAsync(CancellationToken.None);

        batcher.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting).WaitAsync(TimeSpan.FromSeconds(5));
    }

    // ------------------------------------------------------------------ saves that end, bursts that go on (clock moved by hand)

    private static readonly TimeSpan LongQuiet = TimeSpan.FromMinutes(10);

    private static ChangeBatcher OnManualClock(ManualClock clock) => new(LongQuiet, GoFilesOnly, clock, clock.Delay);

    [Fact]
    public async Task AChangeThatEndsASave_IsReturnedAtOnce_WithoutTheQuietWindow()
    {
        var clock = new ManualClock();
        using var batcher = OnManualClock(clock);

        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified, EndsSave: true));

        Assert.Equal(new[] { new FileChange("/app/main.go", FileChangeKind.Modified, EndsSave: true) }, await WaitAsync(batcher));
    }

    [Fact]
    public async Task ASaveEndingWhileTheWaiterSleepsTheQuietWindow_ReleasesTheBatchAtOnce()
    {
        var clock = new ManualClock();
        using var batcher = OnManualClock(clock);
        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified));
        Task<IReadOnlyList<FileChange>> waiting = WaitAsync(batcher);
        await AssertNotDoneAsync(waiting);

        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified, EndsSave: true));

        Assert.Equal(new[] { "/app/main.go" }, (await waiting).Select(c => c.Path));
    }

    /// <summary>kqueue, FileSystemWatcher and polling never say a save ended: their changes wait the quiet window.</summary>
    [Fact]
    public async Task AChangeThatDoesNotEndASave_WaitsTheQuietWindow()
    {
        var clock = new ManualClock();
        using var batcher = OnManualClock(clock);
        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified));

        Task<IReadOnlyList<FileChange>> waiting = WaitAsync(batcher);
        await AssertNotDoneAsync(waiting);
        clock.Advance(LongQuiet - TimeSpan.FromMilliseconds(1));
        await AssertNotDoneAsync(waiting);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(new[] { new FileChange("/app/main.go", FileChangeKind.Modified) }, await waiting);
    }

    [Fact]
    public async Task TheBurstGoingOnWhileItsBatchBuilds_SupersedesIt_AndIsReturnedOnceWithAllOfItsChanges()
    {
        var clock = new ManualClock();
        using var batcher = OnManualClock(clock);
        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified, EndsSave: true));
        IReadOnlyList<FileChange> first = await WaitAsync(batcher);
        CancellationToken building = batcher.BatchSuperseded;

        // More of the same burst while "building" the first batch: the build is superseded ...
        clock.Advance(TimeSpan.FromMinutes(1));
        batcher.Add(new FileChange("/app/util.go", FileChangeKind.Created, EndsSave: true));
        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified, EndsSave: true));
        Assert.True(building.IsCancellationRequested);

        // ... handed back, and built with the rest once the burst is over: the quiet window after its last change.
        batcher.Requeue(first);
        Task<IReadOnlyList<FileChange>> again = WaitAsync(batcher);
        await AssertNotDoneAsync(again);
        clock.Advance(LongQuiet);
        Assert.Equal(new[] { "/app/main.go", "/app/util.go" }, (await again).Select(c => c.Path));
        Assert.False(batcher.BatchSuperseded.IsCancellationRequested);
        await AssertNoBatchAsync(batcher);
    }

    [Fact]
    public async Task AChangeAfterTheBurstWhileItsBatchBuilds_IsExactlyOneMoreBatch()
    {
        var clock = new ManualClock();
        using var batcher = OnManualClock(clock);
        batcher.Add(new FileChange("/app/main.go", FileChangeKind.Modified, EndsSave: true));
        await WaitAsync(batcher);
        CancellationToken building = batcher.BatchSuperseded;

        clock.Advance(LongQuiet);
        batcher.Add(new FileChange("/app/a.go", FileChangeKind.Modified, EndsSave: true));
        batcher.Add(new FileChange("/app/b.go", FileChangeKind.Modified, EndsSave: true));

        Assert.False(building.IsCancellationRequested);
        Assert.Equal(new[] { "/app/a.go", "/app/b.go" }, (await WaitAsync(batcher)).Select(c => c.Path));
        await AssertNoBatchAsync(batcher);
    }

    [Fact]
    public async Task ARequeuedBatch_KeepsItsOrder_AndAPathChangedSinceKeepsItsLatestKind()
    {
        var clock = new ManualClock();
        using var batcher = OnManualClock(clock);
        batcher.Add(new FileChange("/app/a.go", FileChangeKind.Modified));
        batcher.Add(new FileChange("/app/b.go", FileChangeKind.Modified, EndsSave: true));
        IReadOnlyList<FileChange> first = await WaitAsync(batcher);

        batcher.Add(new FileChange("/app/a.go", FileChangeKind.Deleted));
        batcher.Add(new FileChange("/app/c.go", FileChangeKind.Created, EndsSave: true));
        batcher.Requeue(first);
        clock.Advance(LongQuiet);

        Assert.Equal(
            new[]
            {
                new FileChange("/app/a.go", FileChangeKind.Deleted),
                new FileChange("/app/b.go", FileChangeKind.Modified, EndsSave: true),
                new FileChange("/app/c.go", FileChangeKind.Created, EndsSave: true),
            },
            await WaitAsync(batcher));
    }

    private static async Task AssertNotDoneAsync(Task waiting)
    {
        // A bounded negative check: the clock has not moved, so nothing may complete the wait in that time.
        Task first = await Task.WhenAny(waiting, Task.Delay(Quiet * 2));
        Assert.NotSame(waiting, first);
    }

    private static async Task<IReadOnlyList<FileChange>> WaitAsync(ChangeBatcher batcher)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await batcher.WaitForBatchAsync(deadline.Token);
    }

    private static async Task AssertNoBatchAsync(ChangeBatcher batcher)
    {
        using var window = new CancellationTokenSource(Quiet * 3);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.WaitForBatchAsync(window.Token));
    }
}
