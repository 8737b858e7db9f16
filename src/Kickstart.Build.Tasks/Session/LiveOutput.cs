using System;
using System.Text.RegularExpressions;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Contracts;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// Gets lines (the server's output, status lines) to the user while the task is still running, through MSBuild's
/// loggers so it works in any node, in a binlog and in CI.
/// </summary>
/// <remarks>
/// The console logger shows a high-importance message at once. The terminal logger (on by default in a terminal)
/// shows a task's messages only when the project ends — except test output: an <see cref="ExtendedBuildMessageEventArgs"/>
/// of type "TLTESTOUTPUT" is printed live once a target named _TestRunStart has run in the project. That is how
/// `dotnet test` streams test results, and the Watch target runs _TestRunStart for the same reason. MSBuild tells a task
/// whether the terminal logger is on through the environment variable _MSBUILDTLENABLED (1/0), which the .NET SDK's
/// own test targets read too. Writing to the console directly is no option: in a worker node the console is not the
/// user's, and under the terminal logger lines get lost or garbled.
/// </remarks>
internal sealed class LiveOutput
{
    private const string TerminalLoggerLiveMessageType = "TLTESTOUTPUT";
    private readonly IBuildEngine _engine;
    private readonly TaskLoggingHelper _log;
    private readonly bool _terminalLogger;
    private readonly string _senderName;
    private volatile bool _closed;
    private readonly OutputMemoryTrim _trim = new();

    private readonly string _prefix;

    public LiveOutput(IBuildEngine engine, TaskLoggingHelper log, string senderName, string? terminalLoggerEnabled, string? prefix = null)
    {
        _prefix = prefix ?? "";
        _engine = engine;
        _log = log;
        _senderName = senderName;
        _terminalLogger = terminalLoggerEnabled?.Trim() == "1";
    }

    public bool UsesTerminalLogger => _terminalLogger;

    /// <summary>Writes one line; silently dropped once the task is done (MSBuild forbids logging after a task returns).</summary>
    public void WriteLine(string line)
    {
        if (_closed)
            return;
        line = _prefix + line;
        _trim.Wrote(line);
        try
        {
            if (_terminalLogger)
            {
                _engine.LogMessageEvent(new ExtendedBuildMessageEventArgs(TerminalLoggerLiveMessageType, line, null, _senderName, MessageImportance.High));
            }
            else
            {
                _log.LogMessage(MessageImportance.High, line);
            }
        }
        catch (InvalidOperationException)
        {
            // The task has finished (a server line raced with the end of the build): nothing left to show it to.
        }
    }

    /// <summary>
    /// An MSBuild warning (error lists, binlogs, CI annotations). The terminal logger shows warnings only when the build
    /// ends, so there it is also said live.
    /// </summary>
    public void Warn(KsDiagnostic diagnostic, params object?[] args)
    {
        string message = diagnostic.Format(args);
        try { _log.LogWarning(null, diagnostic.Code, null, null, 0, 0, 0, 0, message); }
        catch (InvalidOperationException) { } // the task has already returned
        if (_terminalLogger)
            WriteLine(WatchStatusLines.Warning(diagnostic.Code, message));
    }

    /// <summary>Detail for the log (normal verbosity and binlogs), not for the live view.</summary>
    public void WriteDetail(string line)
    {
        if (_closed)
            return;
        try { _log.LogMessage(MessageImportance.Normal, _prefix + line); }
        catch (InvalidOperationException) { }
    }

    public void Close()
    {
        _closed = true;
        _trim.Dispose();
    }

    /// <summary>
    /// Writes one line straight to the console, for the moment the process is exiting under the task (the .NET CLI on
    /// SIGTERM): the loggers get no more events through then. Only in the process that started the build — a worker
    /// node's console is not the user's.
    /// </summary>
    public void WriteLineToConsoleOnExit(string line)
    {
        if (WorkerNodes.IsWorkerNode(Environment.GetCommandLineArgs()))
        {
            WriteLine(line);
            return;
        }
        try
        {
            Console.Out.WriteLine((_terminalLogger ? "" : "  ") + _prefix + line);
            Console.Out.Flush();
        }
        catch (Exception e) when (e is System.IO.IOException or ObjectDisposedException)
        {
            // no console any more (a closed terminal: SIGHUP)
        }
    }

    /// <summary>True when the command line asks for quiet console output, which hides every message, server output included.</summary>
    public static bool QuietVerbosityRequested(string[] commandLine)
    {
        foreach (string arg in commandLine)
        {
            if (Regex.IsMatch(arg, @"^[-/](v|verbosity):q(uiet)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                return true;
        }
        return false;
    }
}
