using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

[Collection(RealFileSystemCollection.Name)]
public sealed class PollingChangeSourceTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task DetectsCreateModifyAndDelete()
    {
        string main = _project.Write("main.go", "package main\n");
        var recorder = new ChangeRecorder();
        using var source = new PollingChangeSource(Interval);
        source.Start(new[] { _project.Path }, _ => false, recorder.Record);

        string created = _project.Write("pkg/new.go", "package main\n");
        Assert.True(await recorder.WaitForAsync(created, FileChangeKind.Created, Deadline), "Creation not seen.");

        File.WriteAllText(main, "package main // longer now\n");
        Assert.True(await recorder.WaitForAsync(main, FileChangeKind.Modified, Deadline), "Modification not seen.");

        File.Delete(created);
        Assert.True(await recorder.WaitForAsync(created, FileChangeKind.Deleted, Deadline), "Deletion not seen.");
        // A listing cannot tell a finished save: every batch of this source waits the quiet window.
        Assert.DoesNotContain(recorder.Changes, c => c.EndsSave);
    }

    [Fact]
    public async Task SkipsExcludedDirectories()
    {
        var recorder = new ChangeRecorder();
        using var source = new PollingChangeSource(Interval);
        source.Start(new[] { _project.Path }, path => Path.GetFileName(path) == "bin", recorder.Record);

        // Written before the sentinel: any listing that sees the sentinel would have seen this file too.
        _project.Write("bin/server.go", "package main\n");
        string sentinel = _project.Write("sentinel.go", "package main\n");

        Assert.True(await recorder.WaitForAsync(sentinel, FileChangeKind.Created, Deadline), "Sentinel not seen.");
        Assert.DoesNotContain(recorder.Changes, c => c.Path.Contains("bin"));
    }

    [Fact]
    public void Dispose_StopsThePollerAtOnce()
    {
        var source = new PollingChangeSource(TimeSpan.FromHours(1));
        source.Start(new[] { _project.Path }, _ => false, _ => { });

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        source.Dispose();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"Dispose took {stopwatch.Elapsed}.");
    }

    [Fact]
    public void Compare_ReportsCreatedModifiedDeleted()
    {
        var t = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var before = new System.Collections.Generic.Dictionary<string, FileStamp>
        {
            ["/a/same.go"] = new(10, t),
            ["/a/longer.go"] = new(10, t),
            ["/a/touched.go"] = new(10, t),
            ["/a/gone.go"] = new(10, t),
        };
        var after = new System.Collections.Generic.Dictionary<string, FileStamp>
        {
            ["/a/same.go"] = new(10, t),
            ["/a/longer.go"] = new(11, t),
            ["/a/touched.go"] = new(10, t.AddSeconds(1)),
            ["/a/new.go"] = new(1, t),
        };
        var changes = new System.Collections.Generic.List<FileChange>();

        FileSnapshot.Compare(before, after, (path, kind) => changes.Add(new FileChange(path, kind)));

        Assert.Equal(
            new[]
            {
                new FileChange("/a/gone.go", FileChangeKind.Deleted),
                new FileChange("/a/longer.go", FileChangeKind.Modified),
                new FileChange("/a/new.go", FileChangeKind.Created),
                new FileChange("/a/touched.go", FileChangeKind.Modified),
            },
            changes.OrderBy(c => c.Path, StringComparer.Ordinal));
    }
}
