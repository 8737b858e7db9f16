using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Kickstart.Build.Tasks.Session;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks.Hosting;

/// <summary>
/// The Watch task's part when the watch runs in a process of its own: starts it (<see cref="WatchProcess"/>), logs what
/// it says as the task's own events, and passes on the stop requests (signals, MSBuild's cancellation) and Ctrl+R that
/// reach the build's process, until the watch's process is done. The host's channel (the Aspire app host) is the
/// process's to open: it has the environment that names it.
/// </summary>
internal sealed class WatchProcessRelay
{
    private readonly IBuildEngine _engine;
    private readonly TaskLoggingHelper _log;
    private readonly string? _terminalLoggerEnabled;
    private readonly TimeSpan _stopTimeout;

    public WatchProcessRelay(IBuildEngine engine, TaskLoggingHelper log, string? terminalLoggerEnabled, TimeSpan stopTimeout)
    {
        _engine = engine;
        _log = log;
        _terminalLoggerEnabled = terminalLoggerEnabled;
        _stopTimeout = stopTimeout;
    }

    /// <summary>The watch's result; null when its process could not start or ended without one (<paramref name="failure"/> says how).</summary>
    public bool? Run(string dotnet, WatchStartLine start, CancellationToken cancellation, out string failure)
    {
        // A server's burst of output passes through here too: its memory is given back as the process's own is.
        using var trim = new OutputMemoryTrim();
        using WatchProcess? watch = WatchProcess.Start(dotnet, start, e =>
        {
            trim.Wrote(e.Message ?? "");
            LogAsOwn(e);
        }, out failure);
        if (watch is null)
            return null;

        // A signal to the build's process alone (a script's kill, SIGTERM) is passed on; a terminal's Ctrl+C reaches
        // the watch's process directly as well, and the two copies count as one request there. MSBuild's cancellation
        // and the process's exit are more ways to ask for the first stop, never a second request (that would force it).
        int stopPassedOn = 0;
        void FirstStop()
        {
            if (Interlocked.Exchange(ref stopPassedOn, 1) == 0)
                watch.RequestStop();
        }
        using StopRequestListener signals = StopRequestListener.Register(_ =>
        {
            Interlocked.Exchange(ref stopPassedOn, 1);
            watch.RequestStop();
        }, watch.RequestStop);
        using CancellationTokenRegistration cancelled = cancellation.Register(FirstStop);
        using var keys = new CancellationTokenSource();
        ConsoleKeys.StartReading(watch.RequestRestart, keys.Token);

        // On SIGTERM the .NET CLI ends this process once the handlers have run: the watch's process still stops its
        // server, and what it says meanwhile goes straight to the console (the loggers take no more events then).
        var console = new LiveOutput(_engine, _log, nameof(GoWatch), _terminalLoggerEnabled);
        EventHandler onExit = (_, _) =>
        {
            watch.LogTo(e =>
            {
                if (e is BuildMessageEventArgs { Importance: MessageImportance.High } or BuildWarningEventArgs or BuildErrorEventArgs)
                    console.WriteLineToConsoleOnExit(e.Message ?? "");
            });
            FirstStop();
            watch.WaitForEnd(_stopTimeout + TimeSpan.FromSeconds(10), out _, out _);
        };
        AppDomain.CurrentDomain.ProcessExit += onExit;
        bool? succeeded;
        int exitCode;
        try
        {
            // The node is free for other projects meanwhile (a solution's other services).
            using (new NodeSharing(_engine).Yield())
                watch.WaitForEnd(Timeout.InfiniteTimeSpan, out succeeded, out exitCode);
        }
        finally
        {
            keys.Cancel();
            AppDomain.CurrentDomain.ProcessExit -= onExit;
        }
        if (succeeded is null)
            failure = $"ended with exit code {exitCode} before the watch did";
        return succeeded;
    }

    // An event of the watch's process, logged as the task's (the engine gives it the task's context).
    private void LogAsOwn(BuildEventArgs e)
    {
        switch (e)
        {
            case BuildErrorEventArgs error: _engine.LogErrorEvent(error); break;
            case BuildWarningEventArgs warning: _engine.LogWarningEvent(warning); break;
            case BuildMessageEventArgs message: _engine.LogMessageEvent(message); break;
        }
    }
}
