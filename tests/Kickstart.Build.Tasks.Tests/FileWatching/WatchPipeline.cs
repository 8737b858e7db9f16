using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// What the watch task will assemble, on a temp project: a <see cref="WatchSet"/> for the project's files, a change
/// source feeding a <see cref="ChangeBatcher"/>. Tests make changes on disk and look at the batches.
/// </summary>
internal sealed class WatchPipeline : IDisposable
{
    public static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan BatchDeadline = TimeSpan.FromSeconds(5);

    public static readonly string[] GoPatterns = { "*.go", "*.gohtml", "go.mod", "go.sum" };

    private WatchPipeline(TempDirectory project, WatchSet watchSet, IChangeSource source, ChangeBatcher batcher)
    {
        Project = project;
        WatchSet = watchSet;
        Source = source;
        Batcher = batcher;
    }

    public TempDirectory Project { get; }

    public WatchSet WatchSet { get; }

    public IChangeSource Source { get; }

    public ChangeBatcher Batcher { get; }

    /// <summary>
    /// Starts watching <paramref name="project"/>, whose files (already written) are all listed except
    /// <paramref name="ignoredFiles"/>; bin and obj are the excluded output directories.
    /// </summary>
    public static WatchPipeline Start(TempDirectory project, IChangeSource source, params string[] ignoredFiles)
    {
        string[] files = Directory.EnumerateFiles(project.Path, "*", SearchOption.AllDirectories).ToArray();
        var watchSet = new WatchSet(
            project.Path,
            files,
            ignoredFiles.Select(f => project[f]),
            new[] { project["bin"], project["obj"] },
            GoPatterns);
        var batcher = new ChangeBatcher(QuietWindow, watchSet.IsRelevant);
        source.Start(watchSet.Roots, watchSet.IsExcludedDirectory, batcher.Add);
        return new WatchPipeline(project, watchSet, source, batcher);
    }

    public static WatchPipeline StartInotify(TempDirectory project, params string[] ignoredFiles) =>
        Start(project, new InotifyChangeSource(), ignoredFiles);

    /// <summary>
    /// The next batch the watch would build to the end: once a batch is due, it "builds" for a quiet window (the time in
    /// which the burst can go on), and when the burst went on meanwhile (a batch due at once, at the end of the first
    /// save of several), it goes back to the batcher and the next one is taken, as the watch loop does.
    /// </summary>
    public async Task<IReadOnlyList<FileChange>> NextBatchAsync()
    {
        using var deadline = new CancellationTokenSource(BatchDeadline);
        try
        {
            while (true)
            {
                IReadOnlyList<FileChange> batch = await Batcher.WaitForBatchAsync(deadline.Token);
                CancellationToken superseded = Batcher.BatchSuperseded;
                try
                {
                    await Task.Delay(QuietWindow, superseded);
                    return batch;
                }
                catch (OperationCanceledException) when (superseded.IsCancellationRequested)
                {
                    Batcher.Requeue(batch);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No batch within {BatchDeadline.TotalSeconds} s.");
        }
    }

    /// <summary>Bounded negative check: no (further) batch within three quiet windows.</summary>
    public async Task AssertNoBatchAsync()
    {
        using var window = new CancellationTokenSource(QuietWindow * 3);
        try
        {
            IReadOnlyList<FileChange> batch = await Batcher.WaitForBatchAsync(window.Token);
            throw new Xunit.Sdk.XunitException("Unexpected batch: " + string.Join(", ", batch));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        Source.Dispose();
        Batcher.Dispose();
    }
}
