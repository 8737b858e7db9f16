using System;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Watch;

/// <summary>
/// The logger of the watch's own rebuilds (<see cref="IterationBuilder"/>): hands their errors, warnings and messages to
/// the build that runs the watch, whose loggers (console, terminal logger, binlog, an IDE) then show them.
/// </summary>
internal sealed class IterationLogForwarder : ILogger
{
    private readonly IBuildEngine _engine;
    private volatile bool _loggedErrors;

    public IterationLogForwarder(IBuildEngine engine) => _engine = engine;

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;
    public string? Parameters { get; set; }

    /// <summary>Whether the last rebuild logged an error (reset when a rebuild starts).</summary>
    public bool LoggedErrors => _loggedErrors;

    public void Initialize(IEventSource eventSource)
    {
        eventSource.BuildStarted += (_, _) => _loggedErrors = false;
        eventSource.ErrorRaised += (_, e) =>
        {
            _loggedErrors = true;
            Forward(() => _engine.LogErrorEvent(e));
        };
        eventSource.WarningRaised += (_, e) => Forward(() => _engine.LogWarningEvent(e));
        eventSource.MessageRaised += (_, e) =>
        {
            // Low-importance detail (every task's inputs, go's command line) stays in the rebuild.
            if (e.Importance != MessageImportance.Low)
                Forward(() => _engine.LogMessageEvent(e));
        };
    }

    public void LogError(string message)
    {
        _loggedErrors = true;
        Forward(() => _engine.LogErrorEvent(new BuildErrorEventArgs(null, null, null, 0, 0, 0, 0, message, null, "GoWatch")));
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
