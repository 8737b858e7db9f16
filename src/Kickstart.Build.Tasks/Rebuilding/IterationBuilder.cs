using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Session;
using Microsoft.Build.Definition;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Rebuilding;

/// <summary>
/// What one rebuild produced: the binary, what the project (re-evaluated) says to watch now, and — when asked for —
/// the watch's own settings as the project says them now (every Kickstart* property).
/// </summary>
/// <param name="WatchItems">What to watch now; empty when the evaluation failed, or when <see cref="WatchItemsAsBefore"/>.</param>
internal sealed record IterationResult(bool Succeeded, string? Binary, IReadOnlyList<ITaskItem> WatchItems, TimeSpan Duration,
    IReadOnlyDictionary<string, string>? WatchSettings = null, IReadOnlyList<string>? ItemGlobNames = null, BuildPhases? Phases = null)
{
    /// <summary>
    /// More changes of the same burst came while it built, and it was cut short: no failure (nothing of it was said),
    /// its changes are built by the next build.
    /// </summary>
    public bool Superseded { get; init; }

    /// <summary>The errors the build logged, in MSBuild's canonical form, as they were said (a host shows them).</summary>
    public IReadOnlyList<string> Errors { get; init; } = Array.Empty<string>();

    /// <summary>
    /// A fast-path rebuild whose list of inputs came out as the last build's (no //go:embed directive changed what it
    /// embeds): what to watch is what was watched, and the items were not even collected.
    /// </summary>
    public bool WatchItemsAsBefore { get; init; }

    public static IterationResult SupersededAfter(TimeSpan duration) =>
        new(false, null, Array.Empty<ITaskItem>(), duration) { Superseded = true };
}

/// <summary>
/// Rebuilds through the project's own target graph, in process, so every target a user hooks before or after the Go
/// build (code generation, a client build) runs each time.
/// </summary>
/// <remarks>
/// The rebuilds run in a BuildManager of the watch's own rather than through the engine of the build that runs the
/// task (IBuildEngine.BuildProjectFile), for two reasons:
/// <list type="bullet">
/// <item>That engine reads each project file and import once and keeps its XML for the whole build: an edit of the
/// project file (a property, an item, an XML error) would never be seen. Here a change of the project file or of one
/// of its imports gets a fresh <see cref="ProjectCollection"/>, which reads them again.</item>
/// <item>That engine keeps the results and the evaluation of every request until the build ends, and every rebuild
/// has to be a new request: memory grows with every rebuild. Here each rebuild is a build of its own, and its caches
/// go when it ends.</item>
/// </list>
/// The inner build's errors, warnings and messages reach the user live through <see cref="IterationLogForwarder"/>.
/// <para>
/// The project is evaluated here, not by the build, and the evaluation is kept: a rebuild for files the evaluation
/// already lists (<see cref="BuildAgain"/>) runs the targets on a copy of it — targets add items and properties to
/// the instance they run on, so the kept one is never built itself — with no evaluation and no globbing of the tree.
/// The copy carries the changed files (<see cref="ChangedFilesProperty"/>, a property of that instance only), so the
/// targets can do work in proportion to them, and the referenced projects none of whose files changed
/// (<see cref="UntouchedReferencesProperty"/>): a server's WebAssembly client is not evaluated and built again for an
/// edit of the server's own code (20–30 ms of every reload of the sample). Anything else (a file created or deleted, the project file) evaluates
/// anew.
/// </para>
/// <para>
/// Every rebuild passes KickstartWatchIteration, which the targets read to know they run under the watch, always with
/// the same value: each rebuild is a build of its own with the caches reset, so no result of an earlier one (a
/// referenced client's) can be reused, and one value keeps every evaluation keyed the same.
/// </para>
/// </remarks>
internal sealed class IterationBuilder : IIterationBuilder, IDisposable
{
    public const string IterationProperty = "KickstartWatchIteration";
    /// <summary>The files a fast-path rebuild is for, ';'-separated full paths; set on the copy that is built, never global.</summary>
    public const string ChangedFilesProperty = "_KickstartChangedFiles";
    /// <summary>The references a fast-path rebuild leaves unbuilt, ';'-separated full paths; set on the copy only, like the changed files.</summary>
    public const string UntouchedReferencesProperty = "_KickstartUntouchedReferences";
    private const string IterationValue = "1";
    private const string InputsHashProperty = "_KickstartInputsHash";
    private const string LastInputsHashProperty = "_KickstartLastInputsHash";
    /// <summary>Set by the targets on a fast-path rebuild whose list of inputs is the last build's.</summary>
    private const string InputListUnchangedProperty = "_KickstartInputListUnchanged";
    private readonly string _projectFile;
    private readonly string _collectWatchItemsTarget;
    private readonly string[] _buildTargets;
    private readonly IReadOnlyDictionary<string, string> _globalProperties;
    private readonly IterationLogForwarder _forwarder;
    private readonly BuildManager _manager = new("kickstart-watch");
    private readonly object _gate = new();
    // One rebuild at a time in a process: an in-process build sets process-wide state (the current directory, the
    // environment) while its targets run, and the watches of a solution's services may share one MSBuild node.
    private static readonly SemaphoreSlim OneBuildPerProcess = new(1, 1);
    private ProjectCollection _projects;
    private bool _building;
    // The last evaluation that succeeded, as evaluated (never built): what a fast-path rebuild copies.
    private ProjectInstance? _evaluated;
    // The files of fast-path rebuilds since the last one that succeeded: a failed build left the binary as it was, so
    // the next fast path is for its files too (its up-to-date check compares only the files it is for with the binary).
    private readonly List<string> _changedSinceSuccess = new();
    // The references none of those builds touched (null: no build since the last success): a failed build may have
    // failed in a reference, or been cut short before one was built, so only what every build since left alone stays out.
    private HashSet<string>? _untouchedSinceSuccess;

    // The evaluations' directory listings, kept between them (null: KickstartWatchKeepDirectoryListings=false).
    private readonly WatchedDirectoryListings? _listings;

    public IterationBuilder(IBuildEngine engine, LiveOutput output, string projectFile, string collectWatchItemsTarget, string[] buildTargets,
        WatchedDirectoryListings? listings = null)
    {
        _listings = listings;
        _projectFile = projectFile;
        _collectWatchItemsTarget = collectWatchItemsTarget;
        _buildTargets = buildTargets;
        // The outer build's global properties (-p:..., Configuration, a solution's) are the project's too.
        _globalProperties = engine is IBuildEngine6 engine6
            ? new Dictionary<string, string>(engine6.GetGlobalProperties(), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        _forwarder = new IterationLogForwarder(engine, output);
        _projects = NewProjectCollection();
    }

    public void WatchedBy(IWatchedDirectories? watcher) => _listings?.WatchedBy(watcher);

    public void Changed(FileChange change) => _listings?.Changed(change);

    /// <summary>The project file or one of its imports changed: the next rebuild reads them all again.</summary>
    public void ForgetProjectFiles()
    {
        lock (_gate)
        {
            _projects.Dispose();
            _projects = NewProjectCollection();
            _evaluated = null;
        }
    }

    /// <summary>Evaluates the project and runs the build targets; the watch items come back even when the build fails.</summary>
    /// <param name="withSettings">Also return the watch's settings.</param>
    /// <param name="superseded">Cancelled when the build is no longer wanted (more changes came): the build is cancelled
    /// as MSBuild cancels (a running go build's process tree is killed) and returns <see cref="IterationResult.Superseded"/>.</param>
    /// <param name="beforeTargets">Runs between the evaluation and the targets; its time counts as the evaluation's.</param>
    public IterationResult CollectAndBuild(int iteration, bool withSettings = false, CancellationToken superseded = default, Action? beforeTargets = null)
    {
        var stopwatch = Stopwatch.StartNew();
        if (!WaitForTheProcessesBuild(superseded))
            return IterationResult.SupersededAfter(stopwatch.Elapsed);
        try
        {
            ProjectCollection projects;
            lock (_gate)
                projects = _projects;
            ProjectInstance? evaluated = Evaluate(projects);
            lock (_gate)
                _evaluated = evaluated;
            if (evaluated is null)
                return new IterationResult(false, null, Array.Empty<ITaskItem>(), stopwatch.Elapsed,
                    Phases: new BuildPhases(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.Zero)) { Errors = _forwarder.TakeErrors() };
            ProjectInstance copy = evaluated.DeepCopy();
            beforeTargets?.Invoke();
            TimeSpan evaluation = stopwatch.Elapsed;
            IterationResult result = Build(copy, withSettings ? projects : null, stopwatch, evaluation, superseded, fastPath: false);
            KeepInputsHash(copy, evaluated);
            // A full build compares every input with the binary and builds every reference.
            if (result.Succeeded)
                _changedSinceSuccess.Clear();
            _untouchedSinceSuccess = result.Succeeded ? null : new HashSet<string>(PathComparison.Comparer);
            return result;
        }
        finally
        {
            OneBuildPerProcess.Release();
        }
    }

    /// <summary>Runs the build targets again on the last evaluation, for <paramref name="changedFiles"/> (all of them files it lists).</summary>
    public IterationResult BuildAgain(int iteration, IReadOnlyList<string> changedFiles, CancellationToken superseded = default,
        IReadOnlyCollection<string>? untouchedReferences = null)
    {
        ProjectInstance? kept;
        lock (_gate)
            kept = _evaluated;
        if (kept is null)
            return CollectAndBuild(iteration, superseded: superseded); // the last evaluation failed: nothing to build again on

        var stopwatch = Stopwatch.StartNew();
        if (!WaitForTheProcessesBuild(superseded))
            return IterationResult.SupersededAfter(stopwatch.Elapsed);
        try
        {
            ProjectInstance copy = kept.DeepCopy();
            foreach (string file in changedFiles)
            {
                if (!_changedSinceSuccess.Contains(file, StringComparer.Ordinal))
                    _changedSinceSuccess.Add(file);
            }
            copy.SetProperty(ChangedFilesProperty, string.Join(";", _changedSinceSuccess));
            var untouched = new HashSet<string>(untouchedReferences ?? Array.Empty<string>(), PathComparison.Comparer);
            if (_untouchedSinceSuccess is not null)
                untouched.IntersectWith(_untouchedSinceSuccess);
            _untouchedSinceSuccess = untouched;
            copy.SetProperty(UntouchedReferencesProperty, string.Join(";", untouched.OrderBy(r => r, PathComparison.Comparer)));
            IterationResult result = Build(copy, settingsFrom: null, stopwatch, evaluation: stopwatch.Elapsed, superseded, fastPath: true);
            KeepInputsHash(copy, kept);
            if (result.Succeeded)
            {
                _changedSinceSuccess.Clear();
                _untouchedSinceSuccess = null;
            }
            return result;
        }
        finally
        {
            OneBuildPerProcess.Release();
        }
    }

    // False when the build was superseded while it waited for another watch's build in this process.
    private static bool WaitForTheProcessesBuild(CancellationToken superseded)
    {
        try
        {
            OneBuildPerProcess.Wait(superseded);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // The inputs hash a build wrote (_KickstartWriteInputsCache) goes with the evaluation it was built from: a fast-path
    // rebuild whose file list is the same writes it again without hashing every item.
    private static void KeepInputsHash(ProjectInstance built, ProjectInstance kept)
    {
        string hash = built.GetPropertyValue(InputsHashProperty);
        if (hash.Length > 0)
            kept.SetProperty(LastInputsHashProperty, hash);
    }

    // The project as the build would evaluate it; an error in it (broken XML, a bad import) is said and gives null.
    private ProjectInstance? Evaluate(ProjectCollection projects)
    {
        var properties = new Dictionary<string, string>(_globalProperties.ToDictionary(p => p.Key, p => p.Value), StringComparer.OrdinalIgnoreCase)
        {
            [IterationProperty] = IterationValue,
        };
        try
        {
            return ProjectInstance.FromFile(_projectFile, new ProjectOptions
            {
                GlobalProperties = properties,
                ProjectCollection = projects,
                EvaluationContext = _listings?.NewContext(),
            });
        }
        catch (Microsoft.Build.Exceptions.InvalidProjectFileException e)
        {
            if (!e.HasBeenLogged)
                _forwarder.LogError(e.ProjectFile, e.LineNumber, e.ColumnNumber, e.ErrorCode, e.BaseMessage);
            return null;
        }
    }

    // Runs the collect and build targets on an instance of its own (they change it); settingsFrom: also read the
    // watch's settings and the item globs (after a change of the project file). fastPath: the build targets first, and
    // the watch items only when the targets say the list of inputs changed (collecting them is per item of the tree).
    private IterationResult Build(ProjectInstance instance, ProjectCollection? settingsFrom, Stopwatch stopwatch, TimeSpan evaluation,
        CancellationToken superseded, bool fastPath)
    {
        string[] targets = fastPath ? _buildTargets : new[] { _collectWatchItemsTarget }.Concat(_buildTargets).ToArray();
        ProjectCollection projects;
        lock (_gate)
        {
            projects = _projects;
            _forwarder.Speak(); // under the gate: a Ctrl+C's silence from here on stays
            _building = true;
        }
        BuildResult result;
        BuildResult? collection = null;
        bool watchItemsAsBefore = false;
        try
        {
            var parameters = new BuildParameters(projects)
            {
                Loggers = new ILogger[] { _forwarder },
                MaxNodeCount = 1,
                EnableNodeReuse = false,
                ResetCaches = true,
                // The build's events reach the forwarder on the thread that raises them, not through the logging
                // service's queue and thread: no hand-over at the start, at every target and task, and at the end
                // (EndBuild waits for the queue to drain). On two cores those hand-overs were a few milliseconds of
                // every rebuild; and the errors are all with the forwarder when the request returns.
                UseSynchronousLogging = true,
            };
            // BuildManager.Build(parameters, request), with the superseding cancel in the middle: registered once the
            // manager builds (a cancel before that finds nothing to cancel and would be lost), it aborts the request
            // whether it comes before the request starts or while it runs. Registering runs it at once if already due.
            _manager.BeginBuild(parameters);
            try
            {
                using (superseded.Register(CancelSuperseded))
                {
                    result = _manager.BuildRequest(new BuildRequestData(instance, targets, hostServices: null));
                    watchItemsAsBefore = fastPath && instance.GetPropertyValue(InputListUnchangedProperty) == "true";
                    // In the same build, the targets the first request ran are not run again: this costs the items alone.
                    if (fastPath && !watchItemsAsBefore && !superseded.IsCancellationRequested)
                        collection = _manager.BuildRequest(new BuildRequestData(instance, new[] { _collectWatchItemsTarget }, hostServices: null));
                }
            }
            finally
            {
                _manager.EndBuild();
            }
        }
        finally
        {
            lock (_gate)
                _building = false;
        }

        // A build that finished before the cancel reached it is a build like any other (the new changes build next).
        if (superseded.IsCancellationRequested && result.OverallResult != BuildResultCode.Success)
            return IterationResult.SupersededAfter(stopwatch.Elapsed);

        IReadOnlyList<ITaskItem> watchItems = WatchItemsOf(collection ?? result);
        string? binary = null;
        bool ok = result.OverallResult == BuildResultCode.Success;
        if (ok && result.ResultsByTarget.TryGetValue(_buildTargets[_buildTargets.Length - 1], out TargetResult? last))
            binary = last.Items.Select(b => b.ItemSpec).FirstOrDefault();
        if (result.Exception is { } exception && !_forwarder.LoggedErrors)
            _forwarder.LogError(exception.Message);
        TimeSpan total = stopwatch.Elapsed;
        TimeSpan goBuild = _forwarder.GoBuildTime;
        var phases = new BuildPhases(evaluation, Max(TimeSpan.Zero, total - evaluation - goBuild), goBuild);
        return new IterationResult(ok, binary, watchItems, total,
            settingsFrom is null ? null : WatchSettingsOf(instance),
            settingsFrom is null ? null : ItemGlobNamesOf(settingsFrom),
            phases) { Errors = _forwarder.TakeErrors(), WatchItemsAsBefore = watchItemsAsBefore };
    }

    // Empty when collecting failed (an invalid item): the watch keeps what it watched.
    private IReadOnlyList<ITaskItem> WatchItemsOf(BuildResult result) =>
        result.ResultsByTarget.TryGetValue(_collectWatchItemsTarget, out TargetResult? collected) && collected.ResultCode == TargetResultCode.Success
            ? collected.Items
            : Array.Empty<ITaskItem>();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// The file-name parts of the wildcards the project file writes in its items (<c>views/**/*.txt</c> → <c>*.txt</c>):
    /// an evaluated item no longer knows the glob it came from, and a new file of that kind must count before the next
    /// evaluation has made it an item. Every item type, on purpose: at worst a file that matches one causes a build.
    /// </summary>
    private IReadOnlyList<string>? ItemGlobNamesOf(ProjectCollection projects)
    {
        try
        {
            return Microsoft.Build.Construction.ProjectRootElement.Open(_projectFile, projects).Items
                .Where(item => item.ItemType is not ("ProjectReference" or "PackageReference"))
                .SelectMany(item => item.Include.Split(';'))
                .Select(part => part.Trim().Replace('\\', '/'))
                .Where(part => part.IndexOfAny(new[] { '*', '?' }) >= 0 && !part.Contains("$(") && !part.Contains("@("))
                .Select(part => part.Substring(part.LastIndexOf('/') + 1))
                .Where(name => name.Length > 0 && name != "*" && name != "**")
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        catch (Microsoft.Build.Exceptions.InvalidProjectFileException)
        {
            return null; // a broken project file: its own error says so
        }
    }

    // The settings the Watch task was started with are Kickstart* properties; the iteration marker is not one of them.
    private static IReadOnlyDictionary<string, string>? WatchSettingsOf(ProjectInstance? project) =>
        project?.Properties
            .Where(p => p.Name.StartsWith("Kickstart", StringComparison.OrdinalIgnoreCase) && !p.Name.Equals(IterationProperty, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(p => p.Name, p => p.EvaluatedValue, StringComparer.OrdinalIgnoreCase);

    /// <summary>Stops a rebuild under way (Ctrl+C): its go build is killed, and it returns as failed.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_building)
            {
                _forwarder.Silence();
                _manager.CancelAllSubmissions();
            }
        }
    }

    // What the build says once cut short (MSB4188, a killed go) is about the cut, not about the code: it stays unsaid
    // (the forwarder speaks again when the next build starts).
    private void CancelSuperseded()
    {
        _forwarder.Silence();
        _manager.CancelAllSubmissions();
    }

    // The evaluations (ours, not the build's) say their warnings through the same forwarder as the builds.
    private ProjectCollection NewProjectCollection() =>
        new(globalProperties: null, loggers: new ILogger[] { _forwarder }, ToolsetDefinitionLocations.Default);

    public void Dispose()
    {
        _manager.Dispose();
        _projects.Dispose();
    }
}
