using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A command started in a session of its own (setsid, so it is also its process group's leader and everything it
/// starts can be found and stopped through the session id), with its stdout and stderr collected line by line.
/// </summary>
internal sealed class SessionProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly object _gate = new();

    private SessionProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="startInfo"/> (its FileName and ArgumentList as built by <see cref="Dotnet.StartInfo"/>) under setsid.</summary>
    public static SessionProcess Start(ProcessStartInfo startInfo)
    {
        startInfo.FileName = "setsid";
        var session = new SessionProcess(new Process { StartInfo = startInfo });
        session._process.OutputDataReceived += (_, e) => session.Add(e.Data);
        session._process.ErrorDataReceived += (_, e) => session.Add(e.Data);
        session._process.Start();
        session._process.BeginOutputReadLine();
        session._process.BeginErrorReadLine();
        return session;
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
            _lines.Add(line);
    }

    /// <summary>The session's id: setsid execs in place, so it is the command's own PID.</summary>
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string[] Lines
    {
        get { lock (_gate) return _lines.ToArray(); }
    }

    public string Output => string.Join("\n", Lines);

    public bool WaitForExit(TimeSpan deadline) => _process.WaitForExit((int)deadline.TotalMilliseconds);

    public void Dispose() => _process.Dispose();
}
