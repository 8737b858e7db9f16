using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A real `dotnet build -t:Watch` in a session of its own (setsid, so the process is also the group leader), with its
/// output collected line by line. Disposing stops it the way Ctrl+C would and then proves, through the session id,
/// that nothing it started is still running — if something is, it is killed and the test fails.
/// </summary>
internal sealed class WatchSession : IDisposable
{
    private readonly SessionProcess _process;
    private bool _checkedLeaks;

    private WatchSession(SessionProcess process, GoProject project, int port)
    {
        _process = process;
        Project = project;
        Port = port;
    }

    public GoProject Project { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>The dev proxy's URL when the session was started with one (<see cref="StartWithProxy"/>).</summary>
    public string? ProxyUrl { get; private set; }
    public int Pid => _process.Pid;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static WatchSession Start(GoProject project, params string[] extraArguments) =>
        StartOn(project, project.ProjectPath, extraArguments);

    /// <summary>Watches with the dev proxy in front of the server on a port of its own.</summary>
    public static WatchSession StartWithProxy(GoProject project, params string[] extraArguments)
    {
        int proxyPort = FreePort.Find();
        var args = new List<string> { $"-p:KickstartProxyUrl=http://127.0.0.1:{proxyPort}" };
        args.AddRange(extraArguments);
        WatchSession session = Start(project, args.ToArray());
        session.ProxyUrl = $"http://127.0.0.1:{proxyPort}/";
        return session;
    }

    /// <summary>Watches <paramref name="projectOrSolution"/> (a solution of services, say) from the project's directory.</summary>
    public static WatchSession StartOn(GoProject project, string projectOrSolution, params string[] extraArguments) =>
        StartOn(project, projectOrSolution, environment: null, extraArguments);

    /// <summary>Watches the project with more variables in the watch's environment (a host's, say).</summary>
    public static WatchSession StartWith(GoProject project, IDictionary<string, string?> environment, params string[] extraArguments) =>
        StartOn(project, project.ProjectPath, environment, extraArguments);

    private static WatchSession StartOn(GoProject project, string projectOrSolution, IDictionary<string, string?>? environment, string[] extraArguments)
    {
        int port = FreePort.Find();
        var args = new List<string> { "dotnet", "build", projectOrSolution, "-t:Watch", "-nologo" };
        if (projectOrSolution == project.ProjectPath)
            args.Add($"-p:KickstartServerUrl=http://127.0.0.1:{port}");
        args.AddRange(extraArguments);
        return new WatchSession(SessionProcess.Start(Dotnet.StartInfo(project.Directory, args, project.Environment(environment))), project, port);
    }

    public string[] Lines => _process.Lines;

    public string Output => _process.Output;

    public int Count(Func<string, bool> predicate) => Lines.Count(predicate);

    public int CountMatching(string pattern) => Lines.Count(l => Regex.IsMatch(l, pattern));

    /// <summary>Waits until some output line satisfies the predicate; fails the test with the whole output if none does in time.</summary>
    public string WaitForLine(Func<string, bool> predicate, TimeSpan? deadline = null, string? what = null)
    {
        string? found = null;
        bool ok = Poll.Until(() => (found = Lines.FirstOrDefault(predicate)) is not null || _process.HasExited, deadline ?? TimeSpan.FromSeconds(60));
        found ??= Lines.FirstOrDefault(predicate);
        Assert.True(found is not null, $"waited for {what ?? "a line"}; output so far:\n{Output}");
        return found!;
    }

    /// <summary>Waits until the number of matching lines reaches <paramref name="count"/>.</summary>
    public void WaitForCount(string pattern, int count, TimeSpan? deadline = null)
    {
        bool ok = Poll.Until(() => CountMatching(pattern) >= count || _process.HasExited, deadline ?? TimeSpan.FromSeconds(60));
        Assert.True(CountMatching(pattern) >= count, $"waited for {count} line(s) matching '{pattern}'; output:\n{Output}");
    }

    public void WaitUntilServing(string text, TimeSpan? deadline = null) =>
        Assert.True(Http.WaitForBody(Url, b => b.Contains(text, StringComparison.Ordinal), deadline ?? TimeSpan.FromSeconds(60)),
            $"{Url} never served '{text}'; output:\n{Output}");

    public void Signal(int signal) => ProcessTable.Signal(Pid, signal);

    /// <summary>
    /// The signal to every process that runs the watch: the build's and the watch's own (KickstartWatchInOwnProcess),
    /// for a test that must freeze or kill the whole watch at once (a crash of both).
    /// </summary>
    public void SignalTheWatch(int signal)
    {
        foreach (ProcessEntry p in ProcessTable.LiveInSession(Pid))
        {
            if (p.Pid == Pid || IsWatchProcess(p.Pid))
                ProcessTable.Signal(p.Pid, signal);
        }
    }

    private static bool IsWatchProcess(int pid) =>
        ProcessTable.CommandLine(pid).Any(a => a.EndsWith("Kickstart.WatchProcess.dll", StringComparison.Ordinal));

    /// <summary>Ctrl+C in a terminal: SIGINT to the whole foreground process group.</summary>
    public void PressCtrlC() => ProcessTable.Signal(-Pid, ProcessTable.SIGINT);

    public bool WaitForExit(TimeSpan deadline) => _process.WaitForExit(deadline);

    /// <summary>Every process of the session, the build included, must be gone; asserts so after a bounded wait.</summary>
    public void AssertNothingLeftRunning(TimeSpan? deadline = null)
    {
        _checkedLeaks = true;
        bool clean = Poll.Until(() => ProcessTable.LiveInSession(Pid).Count == 0, deadline ?? TimeSpan.FromSeconds(10));
        var left = ProcessTable.LiveInSession(Pid);
        if (!clean)
            ProcessTable.KillSession(Pid);
        Assert.True(clean, $"left running: {string.Join(", ", left.Select(p => $"{p.Pid} {p.Command}"))}\noutput:\n{Output}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                PressCtrlC();
                if (!WaitForExit(TimeSpan.FromSeconds(20)))
                    ProcessTable.KillSession(Pid);
            }
            if (!_checkedLeaks)
            {
                bool clean = Poll.Until(() => ProcessTable.LiveInSession(Pid).Count == 0, TimeSpan.FromSeconds(10));
                if (!clean)
                    ProcessTable.KillSession(Pid);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
