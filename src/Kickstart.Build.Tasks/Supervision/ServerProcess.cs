using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// A running server: its output streamed line by line, its exit observed, and a stop that asks first and kills the
/// whole process group when asking does not work. The server runs in a group of its own (<see cref="IProcessGroup"/>):
/// the stop signal reaches everything it started, whatever it started is killed when it exits, and all of it dies with
/// this process, however this process ends. Every stop and kill is safe to repeat and safe after the exit.
/// Disposing kills the group at once; call <see cref="StopAsync"/> first for a graceful stop.
/// </summary>
public sealed class ServerProcess : IRunningServer
{
    /// <summary>
    /// How long output may keep flowing after the server itself exited. The group is killed then, but a descendant that
    /// left the group (a daemon that called setsid) keeps the pipe open, and without a bound the exit (and the next
    /// restart) would wait for that orphan to end.
    /// </summary>
    private static readonly TimeSpan OrphanedOutputGrace = TimeSpan.FromSeconds(1);

    /// <summary>How long disposal waits for a killed tree to be reaped before releasing the handle anyway.</summary>
    private static readonly TimeSpan DisposeWaitForKill = TimeSpan.FromSeconds(10);

    private static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private static readonly Lazy<IProcessInspector> Inspector = new(LeftoverServers.InspectorForCurrentPlatform);
    private static readonly Lazy<long?> OwnStartTime = new(() => Inspector.Value.StartTimeOf(Environment.ProcessId));

    private readonly Process _process;
    private readonly IProcessGroup _group;
    private readonly OutputSink _sink;
    private readonly string? _recordFile;
    private readonly TaskCompletionSource _processGone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _stopGate = new();
    private Task<ServerExit>? _stop;
    private long _stopRequestedAt;
    private volatile bool _killedAfterTimeout;
    private int _disposed;
    private readonly bool _launched;
    private int _serverProcessId;

    private ServerProcess(Process process, IProcessGroup group, Action<ServerOutputLine> onOutput, string? recordFile, bool launched)
    {
        _launched = launched;
        _process = process;
        _group = group;
        _sink = new OutputSink(onOutput);
        _recordFile = recordFile;
        Id = process.Id;

        Task standardOutput = OutputLinePump.StartAsync(process.StandardOutput, isError: false, _sink);
        Task standardError = OutputLinePump.StartAsync(process.StandardError, isError: true, _sink);
        Exited = ObserveExitAsync(standardOutput, standardError);
    }

    /// <summary>The pid .NET started: on Unix the launcher's, which is also the id of the server's process group.</summary>
    public int Id { get; }

    /// <summary>
    /// The server's own process: through the launcher, its child, which Linux names in /proc (the launcher forks it at
    /// once); where that cannot be read, and without a launcher, <see cref="Id"/>.
    /// </summary>
    public int ServerProcessId
    {
        get
        {
            if (_serverProcessId == 0 && _launched && LaunchedChildOf(Id) is { } child)
                _serverProcessId = child;
            return _serverProcessId != 0 ? _serverProcessId : Id;
        }
    }

    // A child is listed under the thread that forked it, and the launcher (Go) forks on any of its threads.
    private static int? LaunchedChildOf(int launcher)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            foreach (string thread in Directory.EnumerateDirectories($"/proc/{launcher}/task"))
            {
                string first = File.ReadAllText(Path.Combine(thread, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                if (int.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid))
                    return pid;
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone already, or a kernel without the children file
        }
    }

    public bool HasExited => _processGone.Task.IsCompleted || ProcessReportsExited();

    /// <summary>Completes once the process has exited and its output has been delivered.</summary>
    public Task<ServerExit> Exited { get; }

    /// <summary>The first exception the output callback threw, if any. Later lines were drained but not delivered.</summary>
    public Exception? OutputCallbackFailure => _sink.Failure;

    /// <summary>Starts the server. Throws <see cref="Win32Exception"/> when the program cannot be started
    /// (missing file, not executable).</summary>
    public static ServerProcess Start(ServerStartInfo info, Action<ServerOutputLine> onOutput)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(onOutput);

        IProcessGroupStarter starter = ProcessGroups.ForCurrentPlatform(info.Launcher);
        ProcessStartInfo startInfo = CreateStartInfo(info);
        starter.Prepare(startInfo, OperatingSystem.IsWindows() ? info.FileName : StartableProgram(info));
        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        IProcessGroup? group = null;
        try
        {
            group = starter.Adopt(process);
            string? recordFile = Record(info, process.Id);
            return new ServerProcess(process, group, onOutput, recordFile, launched: info.Launcher is not null && !OperatingSystem.IsWindows());
        }
        catch
        {
            // Nobody would own the server otherwise: it must not outlive the failed start.
            if (group is null)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception killFailure) when (killFailure is InvalidOperationException or Win32Exception or AggregateException)
                {
                    // Already gone or not ours to kill; the original failure is the one worth reporting.
                }
            }
            else
            {
                group.Kill();
                group.Dispose();
            }

            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the server's whole process group and returns as soon as the server exits
    /// (what it left running is killed then); when it is still running after <paramref name="timeout"/>, kills the
    /// whole group. <see cref="ServerStopSignal.Kill"/>, and every signal on Windows, kills the group at once. A second call
    /// joins the stop already under way. Cancelling only abandons the wait: the stop itself carries on, so a server is
    /// never left half-stopped.
    /// </summary>
    public Task<ServerExit> StopAsync(ServerStopSignal signal, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The stop timeout cannot be negative.");
        }

        Task<ServerExit> stop;
        lock (_stopGate)
        {
            _stop ??= StopCoreAsync(signal, timeout);
            stop = _stop;
        }

        return stop.WaitAsync(cancellationToken);
    }

    /// <summary>Kills the server's whole process group now, without waiting (the name is older than the group: it kills
    /// more than the tree). Never throws; for shutdown paths.</summary>
    public void KillTreeNow() => _group.Kill();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            KillTreeNow();
            await Exited.CompletesWithinAsync(DisposeWaitForKill).ConfigureAwait(false);
        }
        finally
        {
            _group.Dispose();
            // Also closes the launcher's stdin, its lifeline: whatever might still run in the group goes now.
            _process.Dispose();
        }
    }

    private async Task<ServerExit> StopCoreAsync(ServerStopSignal signal, TimeSpan timeout)
    {
        if (HasExited)
        {
            return await Exited.ConfigureAwait(false);
        }

        long stopRequestedAt = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _stopRequestedAt, stopRequestedAt);

        bool asked = signal != ServerStopSignal.Kill && _group.TrySignal(signal);
        if (asked)
        {
            // Timers may fire a millisecond early; the server gets its whole timeout all the same.
            bool exited = await _processGone.Task.CompletesWithinAsync(timeout).ConfigureAwait(false);
            TimeSpan rest = timeout == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : timeout - Stopwatch.GetElapsedTime(stopRequestedAt);
            if (exited || (rest > TimeSpan.Zero && await _processGone.Task.CompletesWithinAsync(rest + TimeSpan.FromMilliseconds(1)).ConfigureAwait(false)))
            {
                return await Exited.ConfigureAwait(false);
            }

            _killedAfterTimeout = true;
        }

        KillTreeNow();
        return await Exited.ConfigureAwait(false);
    }

    private async Task<ServerExit> ObserveExitAsync(Task standardOutput, Task standardError)
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        int reportedExitCode = _process.ExitCode;
        // What the server left running goes with it. The launcher has already done so unless it could not; this also
        // covers a launcher that was killed on its own.
        _group.Kill();
        long stopRequestedAt = Interlocked.Read(ref _stopRequestedAt);
        TimeSpan stopDuration = stopRequestedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(stopRequestedAt);
        _processGone.TrySetResult();

        if (!await Task.WhenAll(standardOutput, standardError).CompletesWithinAsync(OrphanedOutputGrace).ConfigureAwait(false))
        {
            // A leftover descendant holds the pipes. Closing our ends ends the reads; its later output is lost.
            _process.StandardOutput.BaseStream.Dispose();
            _process.StandardError.BaseStream.Dispose();
        }

        _sink.Close();
        if (_recordFile is not null)
        {
            ServerRecord.TryDelete(_recordFile);
        }

        bool isUnix = !OperatingSystem.IsWindows();
        (int? exitCode, int? signal) = ExitStatusDecoder.Decode(reportedExitCode, isUnix);

        // The timeout flag is set just before the kill; a server that exited on its own in that instant must not be
        // reported as killed, and on Unix the exit status tells which of the two happened.
        bool killedAfterTimeout = _killedAfterTimeout && (!isUnix || signal == SignalNames.Kill);
        return new ServerExit(exitCode, signal, killedAfterTimeout, stopDuration);
    }

    private bool ProcessReportsExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            // Disposed: disposal kills the tree, so nothing is running under our supervision any more.
            return true;
        }
    }

    private static string? Record(ServerStartInfo info, int group)
    {
        if (info.RecordDirectory is null)
        {
            return null;
        }

        IProcessInspector inspector = Inspector.Value;
        string file = ServerRecord.FileIn(info.RecordDirectory, group);
        new ServerRecord(group, inspector.StartTimeOf(group), inspector.BootId, Environment.ProcessId, OwnStartTime.Value,
            info.Port, Path.GetFullPath(info.FileName)).TryWrite(file);
        return file;
    }

    // The launcher starts the program with execve, which searches no PATH, and could report a program that cannot start
    // only through its own exit: resolve and check it here, so that Start throws as Process.Start would.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string StartableProgram(ServerStartInfo info)
    {
        string name = info.FileName;
        string? path = Path.IsPathRooted(name) ? name
            : name.Contains(Path.DirectorySeparatorChar) ? Path.GetFullPath(name)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
        const int ENOENT = 2, EACCES = 13;
        if (path is null || !File.Exists(path))
        {
            throw new Win32Exception(ENOENT, $"An error occurred trying to start process '{name}' with working directory '{info.WorkingDirectory}'. No such file or directory");
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((File.GetUnixFileMode(path) & anyExecute) == 0)
        {
            throw new Win32Exception(EACCES, $"An error occurred trying to start process '{name}' with working directory '{info.WorkingDirectory}'. Permission denied");
        }

        return path;
    }

    private static ProcessStartInfo CreateStartInfo(ServerStartInfo info)
    {
        var startInfo = new ProcessStartInfo(info.FileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = info.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8WithoutBom,
            StandardErrorEncoding = Utf8WithoutBom,
        };

        foreach (string argument in info.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in info.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }
}
