using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A real `dotnet watch --non-interactive … run` of a .NET project in a session of its own (setsid), with its output
/// collected line by line. Disposing stops it the way Ctrl+C would and then proves, through the session id, that nothing
/// it started (builds, the app, the Go sidecar) is still running — if something is, it is killed and the test fails.
/// </summary>
internal sealed class DotnetWatchSession : IDisposable
{
    private readonly SessionProcess _process;
    private bool _disposed;

    private DotnetWatchSession(SessionProcess process) => _process = process;

    public static DotnetWatchSession Start(Workspace workspace, string projectPath, params string[] watchOptions)
    {
        var args = new List<string> { "dotnet", "watch", "--non-interactive" };
        args.AddRange(watchOptions);
        args.AddRange(new[] { "--project", projectPath, "run" });
        Dictionary<string, string?> environment = workspace.Environment();
        // The compiler server would outlive the session it was started in (by design, for minutes).
        environment["UseSharedCompilation"] = "false";
        return new DotnetWatchSession(SessionProcess.Start(Dotnet.StartInfo(workspace.Directory, args, environment)));
    }

    public int Pid => _process.Pid;

    public string[] Lines => _process.Lines;

    public string Output => _process.Output;

    /// <summary>Waits until the <paramref name="occurrence"/>-th line satisfying the predicate; fails the test with the whole output if it never comes.</summary>
    public void WaitForLine(Func<string, bool> predicate, TimeSpan deadline, string what, int occurrence = 1)
    {
        // "Fix the error to continue": dotnet watch waits for an edit that this test will never make.
        bool ok = Poll.Until(() => Lines.Count(predicate) >= occurrence || _process.HasExited || Lines.Any(l => l.Contains("Fix the error to continue")),
            deadline, TimeSpan.FromMilliseconds(100));
        Assert.True(ok && Lines.Count(predicate) >= occurrence, $"waited for {what}; output:\n{Output}");
    }

    /// <summary>Ctrl+C for the whole session, then: every process of the session must be gone.</summary>
    public void StopAndAssertNothingLeftRunning()
    {
        _disposed = true;
        ProcessTable.Signal(-Pid, ProcessTable.SIGINT);
        bool exited = _process.WaitForExit(TimeSpan.FromSeconds(30));
        bool clean = Poll.Until(() => ProcessTable.LiveInSession(Pid).Count == 0, TimeSpan.FromSeconds(15));
        var left = ProcessTable.LiveInSession(Pid);
        if (!clean)
            ProcessTable.KillSession(Pid);
        Assert.True(exited, $"dotnet watch did not stop on SIGINT; output:\n{Output}");
        Assert.True(clean, $"left running: {string.Join(", ", left.Select(p => $"{p.Pid} {p.Command}"))}\noutput:\n{Output}");
    }

    public void Dispose()
    {
        try
        {
            if (!_disposed)
            {
                ProcessTable.Signal(-Pid, ProcessTable.SIGINT);
                if (!_process.WaitForExit(TimeSpan.FromSeconds(20)) || !Poll.Until(() => ProcessTable.LiveInSession(Pid).Count == 0, TimeSpan.FromSeconds(10)))
                    ProcessTable.KillSession(Pid);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
