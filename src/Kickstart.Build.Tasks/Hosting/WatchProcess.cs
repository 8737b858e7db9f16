using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Hosting;

/// <summary>
/// The build's side of the watch's own process (<see cref="WatchProcessContract"/>): starts it on the runtime and the
/// MSBuild that run the build, hands it the task's parameters, passes on stop requests and Ctrl+R, and logs what it
/// says as the build's own events until it is done.
/// </summary>
internal sealed class WatchProcess : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Process _process;
    private readonly Thread _reader;
    private readonly object _gate = new();
    private Action<BuildEventArgs> _log;
    private bool? _succeeded;

    private WatchProcess(Process process, Action<BuildEventArgs> log)
    {
        _process = process;
        _log = log;
        _reader = new Thread(ReadEvents) { IsBackground = true, Name = "Kickstart watch process" };
    }

    /// <summary>The program beside this assembly, where the package puts it.</summary>
    public static string ProgramPath => Path.Combine(Path.GetDirectoryName(typeof(WatchProcess).Assembly.Location)!, WatchProcessContract.ProgramFileName);

    public int ProcessId => _process.Id;

    /// <summary>Starts the process; null when it could not be started (<paramref name="failure"/> says why).</summary>
    /// <param name="log">Called on the process's reader thread for each event, in order.</param>
    public static WatchProcess? Start(string dotnet, WatchStartLine start, Action<BuildEventArgs> log, out string failure)
    {
        // The MSBuild that runs this build: the process loads its assemblies, SDK resolvers and toolset from there.
        string msbuild = Path.GetDirectoryName(typeof(Microsoft.Build.Evaluation.Project).Assembly.Location)!;
        var info = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
        };
        info.ArgumentList.Add("exec");
        // The runtime that runs the build (the program's own runtimeconfig.json only says "net8.0 or later").
        if (RuntimeVersion() is { } version)
        {
            info.ArgumentList.Add("--fx-version");
            info.ArgumentList.Add(version);
        }
        info.ArgumentList.Add(ProgramPath);
        info.ArgumentList.Add(WatchProcessContract.MSBuildDirectoryArgument);
        info.ArgumentList.Add(msbuild);
        info.Environment["MSBUILD_EXE_PATH"] = Path.Combine(msbuild, "MSBuild.dll");
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            process.Dispose();
            failure = $"could not be started with {dotnet} ({e.Message})";
            return null;
        }
        var watch = new WatchProcess(process, log);
        watch.Send(start.Write());
        watch._reader.Start();
        failure = "";
        return watch;
    }

    /// <summary>A stop request (a signal, MSBuild's cancellation): the watch counts it as it counts its own signals.</summary>
    public void RequestStop() => Send(WatchProcessContract.StopLine);

    /// <summary>Ctrl+R in the build's terminal.</summary>
    public void RequestRestart() => Send(WatchProcessContract.RestartLine);

    /// <summary>From now on the events go to <paramref name="log"/> (the build's process is exiting: its loggers are gone).</summary>
    public void LogTo(Action<BuildEventArgs> log)
    {
        lock (_gate)
            _log = log;
    }

    /// <summary>
    /// Waits until the process has said all it has to say and ended; its result, or null when it ended without one
    /// (<paramref name="exitCode"/> then says how). False when <paramref name="timeout"/> passed first.
    /// </summary>
    public bool WaitForEnd(TimeSpan timeout, out bool? succeeded, out int exitCode)
    {
        succeeded = null;
        exitCode = 0;
        if (!_reader.Join(timeout) || !_process.WaitForExit(Milliseconds(timeout)))
            return false;
        _process.WaitForExit(); // the output's end, too
        exitCode = _process.ExitCode;
        lock (_gate)
            succeeded = _succeeded;
        return true;
    }

    private void Send(string line)
    {
        try
        {
            lock (_gate)
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process has ended: nothing left to ask.
        }
    }

    private void ReadEvents()
    {
        try
        {
            while (_process.StandardOutput.ReadLine() is { } line)
            {
                BuildEventArgs? e;
                bool? done;
                try
                {
                    e = BuildEventLine.Read(line, out done);
                }
                catch (JsonException)
                {
                    // Not the contract's (something in the process wrote to its stdout): said as it is.
                    e = new BuildMessageEventArgs(line, null, nameof(GoWatch), MessageImportance.High);
                    done = null;
                }
                Action<BuildEventArgs> log;
                lock (_gate)
                {
                    if (done is not null)
                        _succeeded = done;
                    log = _log;
                }
                if (e is not null)
                {
                    try { log(e); }
                    catch (InvalidOperationException) { } // the task has returned meanwhile (the build is ending)
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the pipe broke: the process is gone
        }
    }

    // The exact version of the runtime this build runs on: the name of the directory its base library is in
    // (…/shared/Microsoft.NETCore.App/10.0.12/), which also holds for a preview's "10.0.0-rc.1…".
    private static string? RuntimeVersion()
    {
        string? directory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        string? framework = directory is null ? null : Path.GetFileName(Path.GetDirectoryName(directory));
        return framework == "Microsoft.NETCore.App" ? Path.GetFileName(directory) : null;
    }

    /// <summary>
    /// Ends the conversation: stdin closes (the watch stops when it has not yet), the process gets its stop and is
    /// killed, tree and all, if it has not ended within <paramref name="grace"/>.
    /// </summary>
    public void Stop(TimeSpan grace)
    {
        try { _process.StandardInput.Close(); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
        try
        {
            if (!_process.WaitForExit(Milliseconds(grace)))
                _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    private static int Milliseconds(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Max(0, Math.Min(int.MaxValue, timeout.TotalMilliseconds));

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
