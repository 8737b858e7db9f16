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
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly object _gate = new();
    private bool _disposed;

    private DotnetWatchSession(Process process) => _process = process;

    public static DotnetWatchSession Start(Workspace workspace, string projectPath, params string[] watchOptions)
    {
        var args = new List<string> { "dotnet", "watch", "--non-interactive" };
        args.AddRange(watchOptions);
        args.AddRange(new[] { "--project", projectPath, "run" });
        Dictionary<string, string?> environment = workspace.Environment();
        // The compiler server would outlive the session it was started in (by design, for minutes).
        environment["UseSharedCompilation"] = "false";
        ProcessStartInfo psi = Dotnet.StartInfo(workspace.Directory, args, environment);
        psi.FileName = "setsid";
        var process = new Process { StartInfo = psi };
        var session = new DotnetWatchSession(process);
        process.OutputDataReceived += (_, e) => session.Add(e.Data);
        process.ErrorDataReceived += (_, e) => session.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return session;
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
            _lines.Add(line);
    }

    public int Pid => _process.Id;

    public string[] Lines
    {
        get { lock (_gate) return _lines.ToArray(); }
    }

    public string Output => string.Join("\n", Lines);

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
        bool exited = _process.WaitForExit(30_000);
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
                if (!_process.WaitForExit(20_000) || !Poll.Until(() => ProcessTable.LiveInSession(Pid).Count == 0, TimeSpan.FromSeconds(10)))
                    ProcessTable.KillSession(Pid);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
