using System;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Session;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Rebuilding;

/// <summary>
/// The logger of the watch's own rebuilds (<see cref="IterationBuilder"/>): what a rebuild says reaches the user while
/// the watch goes on.
/// </summary>
/// <remarks>
/// Errors, warnings and high-importance messages go out as live lines (<see cref="LiveOutput"/>), errors and warnings
/// in MSBuild's canonical form (<c>main.go(12,5): error GO1001: …</c>), which terminals, editors' problem matchers
/// and CI annotations read. They are not logged as errors of the build that runs the watch: that build never ends
/// while the watch runs, so loggers that collect diagnostics until a project ends (the terminal logger, an IDE's error
/// list) would show them only at the stop — as errors of the stopped watch, long after they were fixed. Everything
/// else goes to the outer build's log as ordinary messages (-v:n, binlogs).
/// </remarks>
internal sealed class IterationLogForwarder : ILogger
{
    private readonly IBuildEngine _engine;
    private readonly LiveOutput _output;
    private volatile bool _loggedErrors;
    private volatile bool _silenced;
    // The go command's share of the last rebuild (every GoBuild task of it, a referenced client's too), from the
    // build's own task events; ticks, read once the build is over.
    private long _goBuildTicks;
    private DateTime _goBuildStarted;
    // The errors said since the rebuild began, as they were said (a host's channel shows them).
    private readonly System.Collections.Generic.List<string> _errors = new();

    public IterationLogForwarder(IBuildEngine engine, LiveOutput output)
    {
        _engine = engine;
        _output = output;
    }

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;
    public string? Parameters { get; set; }

    /// <summary>Whether the last rebuild logged an error (reset when a rebuild starts).</summary>
    public bool LoggedErrors => _loggedErrors;

    /// <summary>How long the last rebuild's GoBuild tasks ran (reset when a rebuild starts).</summary>
    public TimeSpan GoBuildTime => TimeSpan.FromTicks(System.Threading.Interlocked.Read(ref _goBuildTicks));

    /// <summary>The task that runs `go build` (its time is Go's, not Kickstart's).</summary>
    internal const string GoBuildTaskName = "GoBuild";

    /// <summary>
    /// The rebuild is being cancelled (the watch stops, or more changes superseded it): what it says from now on is
    /// about being cut short (MSB4188, a killed go), not about the code, and stays unsaid until <see cref="Speak"/>.
    /// </summary>
    public void Silence() => _silenced = true;

    /// <summary>
    /// A rebuild is about to begin: what it says is said again. Called before the build begins, not on its
    /// BuildStarted event: MSBuild delivers events on a thread of its own, and a BuildStarted delivered after a cancel
    /// that came at once would lift that cancel's silence.
    /// </summary>
    public void Speak()
    {
        _silenced = false;
        lock (_errors)
            _errors.Clear();
    }

    /// <summary>The errors said since the rebuild began (canonical form), and forgets them.</summary>
    public System.Collections.Generic.IReadOnlyList<string> TakeErrors()
    {
        lock (_errors)
        {
            var taken = _errors.ToArray();
            _errors.Clear();
            return taken;
        }
    }

    private void SayError(string line)
    {
        _output.WriteLine(line);
        lock (_errors)
            _errors.Add(line);
    }

    public void Initialize(IEventSource eventSource)
    {
        eventSource.BuildStarted += (_, _) =>
        {
            _loggedErrors = false;
            System.Threading.Interlocked.Exchange(ref _goBuildTicks, 0);
        };
        // One node, one GoBuild at a time: a start and its finish pair up.
        eventSource.TaskStarted += (_, e) =>
        {
            if (e.TaskName == GoBuildTaskName)
                _goBuildStarted = e.Timestamp;
        };
        eventSource.TaskFinished += (_, e) =>
        {
            if (e.TaskName == GoBuildTaskName && _goBuildStarted != default)
            {
                System.Threading.Interlocked.Add(ref _goBuildTicks, (e.Timestamp - _goBuildStarted).Ticks);
                _goBuildStarted = default;
            }
        };
        eventSource.ErrorRaised += (_, e) =>
        {
            _loggedErrors = true;
            if (!_silenced)
                SayError(CanonicalError.Format(e.File, e.LineNumber, e.ColumnNumber, isWarning: false, e.Code, e.Message, e.ProjectFile));
        };
        eventSource.WarningRaised += (_, e) =>
        {
            if (!_silenced)
                _output.WriteLine(CanonicalError.Format(e.File, e.LineNumber, e.ColumnNumber, isWarning: true, e.Code, e.Message, e.ProjectFile));
        };
        eventSource.MessageRaised += (_, e) =>
        {
            // A tool's command line is detail, whatever its importance (loggers show it from -v:n on).
            if (e.Importance == MessageImportance.High && e is not TaskCommandLineEventArgs)
            {
                if (!_silenced)
                    _output.WriteLine(e.Message ?? "");
            }
            // Low-importance detail (every task's inputs, go's command line) stays in the rebuild.
            else if (e.Importance == MessageImportance.Normal)
                Forward(() => _engine.LogMessageEvent(e));
        };
    }

    /// <summary>An error of the rebuild itself (MSBuild could not run it at all).</summary>
    public void LogError(string message) => LogError(null, 0, 0, null, message);

    /// <summary>An error of the project itself, found evaluating it before any build (broken XML, a missing import).</summary>
    public void LogError(string? file, int line, int column, string? code, string message)
    {
        _loggedErrors = true;
        if (!_silenced)
            SayError(CanonicalError.Format(file, line, column, isWarning: false, code, message, null));
    }

    // Logging after the task returned throws; a rebuild's last lines racing the end of the watch are dropped.
    private static void Forward(Action log)
    {
        try { log(); }
        catch (InvalidOperationException) { }
    }

    public void Shutdown()
    {
    }
}
