using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// Behaviour of the kqueue source. kqueue exists only on macOS and FreeBSD: elsewhere each test returns at once
/// (xunit 2 has no skippable facts), as the "_OnMacOSAndFreeBsd" in their names says.
/// </summary>
[Collection(RealFileSystemCollection.Name)]
public sealed class KqueueChangeSourceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly bool HasKqueue = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    private readonly TempDirectory _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task ReportsCreateModifyDelete_OnMacOSAndFreeBsd()
    {
        if (!HasKqueue)
        {
            return;
        }

        // On macOS the temp directory is reached through the /var → /private/var link; watch the real path.
        string root = new DirectoryInfo(_project.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? _project.Path;
        string main = Path.Combine(root, "main.go");
        File.WriteAllText(main, "package main\n");
        var recorder = new ChangeRecorder();
        using var source = new KqueueChangeSource();
        source.Start(new[] { root }, path => Path.GetFileName(path) == "bin", recorder.Record);

        File.AppendAllText(main, "// more\n");
        Assert.True(await recorder.WaitForAsync(main, FileChangeKind.Modified, Deadline), "Modification not seen.");

        string created = Path.Combine(root, "new.go");
        File.WriteAllText(created, "package main\n");
        Assert.True(await recorder.WaitForAsync(created, FileChangeKind.Created, Deadline), "Creation not seen.");

        File.Delete(created);
        Assert.True(await recorder.WaitForAsync(created, FileChangeKind.Deleted, Deadline), "Deletion not seen.");

        string nested = Path.Combine(root, "pkg", "inner", "deep.go");
        Directory.CreateDirectory(Path.GetDirectoryName(nested)!);
        File.WriteAllText(nested, "package inner\n");
        Assert.True(await recorder.WaitForAsync(nested, FileChangeKind.Created, Deadline), "File in a new directory not seen.");
    }

    [Fact]
    public async Task RenameOverTarget_IsReportedForTheTarget_OnMacOSAndFreeBsd()
    {
        if (!HasKqueue)
        {
            return;
        }

        string root = new DirectoryInfo(_project.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? _project.Path;
        string handlers = Path.Combine(root, "handlers.go");
        File.WriteAllText(handlers, "package main // v1\n");
        var recorder = new ChangeRecorder();
        using var source = new KqueueChangeSource();
        source.Start(new[] { root }, _ => false, recorder.Record);

        string temp = handlers + ".tmp123";
        File.WriteAllText(temp, "package main // v2\n");
        File.Move(temp, handlers, overwrite: true);

        Assert.True(
            await recorder.WaitUntilAsync(changes => changes.Contains(new FileChange(handlers, FileChangeKind.Modified)) ||
                                                     changes.Contains(new FileChange(handlers, FileChangeKind.Created)), Deadline),
            "Replacement not seen.");
    }

    [Fact]
    public void Dispose_WakesTheReader_OnMacOSAndFreeBsd()
    {
        if (!HasKqueue)
        {
            return;
        }

        var source = new KqueueChangeSource();
        source.Start(new[] { _project.Path }, _ => false, _ => { });
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        source.Dispose();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"Dispose took {stopwatch.Elapsed}.");
    }

    [Fact]
    public void SystemCalls_ArePickedPerOS()
    {
        if (HasKqueue)
        {
            Assert.NotNull(KqueueSystemCalls.ForCurrentOS());
        }
        else
        {
            Assert.Throws<PlatformNotSupportedException>(() => KqueueSystemCalls.ForCurrentOS());
        }
    }
}
