using System.Collections.Generic;

namespace Kickstart.Build.Tasks.Rebuilding;

/// <summary>What the watch loop asks of a rebuild (<see cref="IterationBuilder"/>: the project's own targets, in process).</summary>
internal interface IIterationBuilder
{
    /// <summary>Evaluates the project, collects what to watch and builds; <paramref name="withSettings"/> also reads the watch's own settings.</summary>
    /// <param name="superseded">Cancelled when more changes of the same burst came: the build stops and returns
    /// <see cref="IterationResult.Superseded"/>, unless it was done already.</param>
    /// <param name="beforeTargets">Runs once the project is evaluated, before any of its targets (which read the files):
    /// the first build waits there for the watch, set up meanwhile. Not run when the evaluation fails.</param>
    IterationResult CollectAndBuild(int iteration, bool withSettings = false, System.Threading.CancellationToken superseded = default,
        System.Action? beforeTargets = null);

    /// <summary>
    /// Only <paramref name="changedFiles"/> changed, each a file the last evaluation already listed: the targets run
    /// again on that evaluation (no re-evaluation, no globbing of the tree). Without one kept, a full build.
    /// </summary>
    /// <param name="untouchedReferences">Referenced projects none of whose files changed (full paths): neither built
    /// nor their client files copied again, unless a build since the last success needed them.</param>
    IterationResult BuildAgain(int iteration, IReadOnlyList<string> changedFiles, System.Threading.CancellationToken superseded = default,
        IReadOnlyCollection<string>? untouchedReferences = null);

    /// <summary>The project file or an import changed: the next build reads them again.</summary>
    void ForgetProjectFiles();

    /// <summary>
    /// The change source now watching (null while one is set up or replaced): what the evaluations list of the
    /// directories it watches may be kept until it reports a change there (<see cref="WatchedDirectoryListings"/>).
    /// </summary>
    void WatchedBy(FileWatching.IWatchedDirectories? watcher);

    /// <summary>A change the source reported, before any batching: what was listed of its directories is no longer true.</summary>
    void Changed(FileWatching.FileChange change);
}
