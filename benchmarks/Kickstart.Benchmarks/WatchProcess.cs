using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks;

/// <summary>
/// `setsid dotnet build PROJ -t:Watch -tl:off -p:KickstartServerUrl=http://127.0.0.1:PORT` in a session of its own
/// (the dotnet process is the session and group leader), with every output line time-stamped as it arrives.
/// Stopping is Ctrl+C: SIGINT to the process group; whatever of the session is still alive afterwards is reported.
/// </summary>
internal sealed class WatchProcess : IDisposable
{
    public static readonly Regex StatusLine = Measurements.WatchLines.Changes;

    private readonly Process _process;
    private readonly List<(long Ts, string Line)> _lines = new();
    private readonly object _gate = new();
    private bool _stopped;

    private WatchProcess(Process process, int port, long launched)
    {
        _process = process;
        Port = port;
        Launched = launched;
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public long Launched { get; }
    public bool HasExited => _process.HasExited;
    public List<string> Leaked { get; } = new();

    /// <summary>
    /// Starts the watch. <paramref name="port"/> 0: no KickstartServerUrl on the command line (a solution whose
    /// projects set their own); <paramref name="recordGo"/>: the recording `go` first on PATH (every call logged).
    /// </summary>
    public static WatchProcess Start(Workspace ws, string projectPath, int port, IEnumerable<string>? extra = null, bool recordGo = false, IEnumerable<string>? environment = null)
    {
        var args = new List<string> { "dotnet", "build", projectPath, "-t:Watch", "-tl:off", "-nologo" };
        if (port != 0) args.Add($"-p:KickstartServerUrl=http://127.0.0.1:{port}");
        if (extra is not null) args.AddRange(extra);
        var psi = ws.Dotnet(args, recordGo, workingDirectory: System.IO.Path.GetDirectoryName(projectPath));
        psi.FileName = "setsid";
        foreach (string[] nameValue in (environment ?? Array.Empty<string>()).Select(e => e.Split('=', 2)))
            psi.Environment[nameValue[0]] = nameValue[1];
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        var process = new Process { StartInfo = psi };
        long launched = Stopwatch.GetTimestamp();
        var watch = new WatchProcess(process, port, launched);
        process.OutputDataReceived += (_, e) => watch.Add(e.Data);
        process.ErrorDataReceived += (_, e) => watch.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return watch;
    }

    private void Add(string? line)
    {
        if (line is null) return;
        long ts = Stopwatch.GetTimestamp();
        lock (_gate) _lines.Add((ts, line));
    }

    public int LineCount { get { lock (_gate) return _lines.Count; } }

    public List<(long Ts, string Line)> LinesFrom(int index)
    {
        lock (_gate) return _lines.Skip(index).ToList();
    }

    public string Output { get { lock (_gate) return string.Join("\n", _lines.Select(l => l.Line)); } }

    /// <summary>The first line at or after <paramref name="from"/> matching, waiting up to the deadline.</summary>
    public (long Ts, string Line)? WaitForLine(Regex pattern, int from, TimeSpan deadline)
    {
        (long, string)? found = null;
        Poll.Until(() =>
        {
            found = LinesFrom(from).Cast<(long, string)?>().FirstOrDefault(l => pattern.IsMatch(l!.Value.Item2));
            return found is not null || _process.HasExited;
        }, deadline, TimeSpan.FromMilliseconds(2));
        found ??= LinesFrom(from).Cast<(long, string)?>().FirstOrDefault(l => pattern.IsMatch(l!.Value.Item2));
        return found;
    }

    public int CountFrom(Regex pattern, int from) => LinesFrom(from).Count(l => pattern.IsMatch(l.Line));

    /// <summary>Ctrl+C as a terminal sends it: SIGINT to the whole process group; then waits; then checks the session.</summary>
    public bool StopWithCtrlC(TimeSpan deadline)
    {
        if (_stopped) return true;
        _stopped = true;
        if (!_process.HasExited)
            ProcessTable.Signal(-Pid, ProcessTable.SIGINT);
        bool exited = _process.WaitForExit((int)deadline.TotalMilliseconds);
        if (exited) _process.WaitForExit(); // drain output
        EnsureSessionGone();
        return exited;
    }

    /// <summary>Waits for the session to empty; whatever remains is recorded as a leak and killed (our session only).</summary>
    public void EnsureSessionGone()
    {
        bool clean = Poll.Until(() => ProcessTable.LiveInSession(Pid).Count == 0, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        if (!clean)
        {
            foreach (var p in ProcessTable.LiveInSession(Pid))
                Leaked.Add($"{p.Pid} {p.Command}");
            ProcessTable.KillSession(Pid);
        }
    }

    public void Dispose()
    {
        if (!_stopped)
        {
            if (!StopWithCtrlC(TimeSpan.FromSeconds(20)))
                ProcessTable.KillSession(Pid);
        }
        _process.Dispose();
    }
}
