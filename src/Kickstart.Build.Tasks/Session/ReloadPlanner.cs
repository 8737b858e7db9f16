using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Session;

/// <summary>What a batch of changes needs, weakest first: a batch needs the strongest need of its changes.</summary>
internal enum ReloadAction
{
    /// <summary>Nothing the project cares about changed.</summary>
    Nothing,

    /// <summary>Only stylesheets the server serves from disk changed: open pages swap them in place (no build, no restart, no page reload).</summary>
    SwapStylesheets,

    /// <summary>Only static files the server serves from disk changed: open pages reload (no build, no restart).</summary>
    ReloadPages,

    /// <summary>Only files the server reads at start changed (a template it parses once, a config file): a new server from the same binary, no build.</summary>
    Restart,

    /// <summary>
    /// Only files the watch already knows were modified: the project's targets run again on the evaluation of the last
    /// full build (no re-evaluation, no globbing of the tree).
    /// </summary>
    Build,

    /// <summary>
    /// What the project's items are may have changed (a file created, deleted or renamed, the project file, an import,
    /// go.mod or go.work, lost events): the project is evaluated anew, then built.
    /// </summary>
    FullBuild,
}

/// <summary>
/// Which of the shortcuts past <c>go build</c> the watch may take (KickstartWatchRestartWithoutBuild,
/// KickstartWatchReloadWithoutBuild, KickstartWatchSwapStylesheets). One turned off, its batches take the next stronger
/// way: a stylesheet reloads the page; a reload or a restart builds first, as it did before these shortcuts.
/// </summary>
internal sealed record ReloadShortcuts(bool RestartWithoutBuild, bool ReloadWithoutBuild, bool SwapStylesheets)
{
    public static readonly ReloadShortcuts All = new(true, true, true);

    /// <summary>Every batch builds (after a failed build, say: the errors must be built again, and a restart would clear the page's overlay).</summary>
    public static readonly ReloadShortcuts None = new(false, false, false);
}

/// <param name="Action">What the batch needs.</param>
/// <param name="RestartEvenIfUnchanged">A file the server reads at start changed: a new server even for the same binary.</param>
/// <param name="ChangedFiles">The batch's paths (full), for the rebuild to re-read only those.</param>
internal sealed record ReloadPlan(ReloadAction Action, bool RestartEvenIfUnchanged, IReadOnlyList<string> ChangedFiles);

/// <summary>
/// Decides what a batch of changes needs, from what the project said to watch at its last evaluation. Pure: the only
/// question asked of the disk is whether a file exists, and that is passed in.
/// </summary>
internal static class ReloadPlanner
{
    // Module files decide which packages exist and where from: a change is a change of the project's shape.
    private static readonly string[] ModuleFileNames = { "go.mod", "go.work" };

    /// <param name="batch">The batch, already filtered to relevant changes.</param>
    /// <param name="watched">The watch set of the last evaluation.</param>
    /// <param name="fileExists">Whether a file exists now (<see cref="File.Exists(string)"/> outside tests).</param>
    /// <param name="shortcuts">The ways past a build the watch may take; null: none (every batch builds).</param>
    public static ReloadPlan Plan(IReadOnlyList<FileChange> batch, WatchSet watched, Func<string, bool> fileExists, ReloadShortcuts? shortcuts = null)
    {
        if (batch.Count == 0)
            return new ReloadPlan(ReloadAction.Nothing, false, Array.Empty<string>());
        bool full = batch.Any(change => NeedsEvaluation(change, watched, fileExists));
        bool restart = batch.Any(change => watched.NeedsRestart(change.Path));
        IReadOnlyList<string> changed = batch.Where(c => c.Kind != FileChangeKind.Overflow).Select(c => c.Path).Distinct(PathComparison.Comparer).ToList();
        ReloadAction action = full ? ReloadAction.FullBuild : WithoutBuild(changed, watched, shortcuts ?? ReloadShortcuts.None) ?? ReloadAction.Build;
        return new ReloadPlan(action, restart, changed);
    }

    // A batch of modified known files none of which goes into the binary: what it needs instead of a build, or null
    // when it needs one (a file needs a rebuild, or the shortcut it would take is turned off).
    private static ReloadAction? WithoutBuild(IReadOnlyList<string> changed, WatchSet watched, ReloadShortcuts shortcuts)
    {
        ChangeNeed strongest = changed.Select(watched.NeedOf).Aggregate(ChangeNeed.Reload, ChangeNeeds.Max);
        switch (strongest)
        {
            case ChangeNeed.Restart when shortcuts.RestartWithoutBuild:
                return ReloadAction.Restart;
            case ChangeNeed.Reload when shortcuts.ReloadWithoutBuild:
                return shortcuts.SwapStylesheets && changed.All(IsStylesheet) ? ReloadAction.SwapStylesheets : ReloadAction.ReloadPages;
            default:
                return null;
        }
    }

    /// <summary>A file a page can swap in place: <c>.css</c> (what it compiles from, .scss or .less, is no stylesheet the page links).</summary>
    public static bool IsStylesheet(string path) => string.Equals(Path.GetExtension(path), ".css", StringComparison.OrdinalIgnoreCase);

    // A listed file that still exists was modified, whatever the event says: an editor's atomic save (write a temporary
    // file, rename it over the original) reports the original as created, yet the item lists are the same.
    // A static file known by name (no item) is none of the project's shape, whether it was created, changed or deleted.
    private static bool NeedsEvaluation(FileChange change, WatchSet watched, Func<string, bool> fileExists) =>
        change.Kind == FileChangeKind.Overflow
        || (!watched.IsStaticByName(change.Path) && NeedsEvaluationAsAnItem(change, watched, fileExists));

    private static bool NeedsEvaluationAsAnItem(FileChange change, WatchSet watched, Func<string, bool> fileExists) =>
        change.Kind == FileChangeKind.Overflow
        || watched.IsProjectFile(change.Path)
        || ModuleFileNames.Contains(Path.GetFileName(change.Path), StringComparer.OrdinalIgnoreCase)
        || !watched.IsListedFile(change.Path)
        || !fileExists(change.Path);
}
