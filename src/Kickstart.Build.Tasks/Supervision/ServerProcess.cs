using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// A running server: its output streamed line by line, its exit observed, and a stop that asks first and kills the
/// whole process tree when asking does not work. Every stop and kill is safe to repeat and safe after the exit.
/// Disposing kills the tree at once; call <see cref="StopAsync"/> first for a graceful stop.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>
    /// How long output may keep flowing after the server itself exited. A descendant the server left running keeps
    /// the pipe open, and without a bound the exit (and the next restart) would wait for that orphan to end.
    /// </summary>
    private static readonly TimeSpan OrphanedOutputGrace = TimeSpan.FromSeconds(1);

    /// <summary>How long disposal waits for a killed tree to be reaped before releasing the handle anyway.</summary>
    private static readonly TimeSpan DisposeWaitForKill = TimeSpan.FromSeconds(10);

    private static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly IProcessSignaller _signaller;
    private readonly OutputSink _sink;
    private readonly TaskCompletionSource _processGone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _stopGate = new();
    private Task<ServerExit>? _stop;
    private long _stopRequestedAt;
    private volatile bool _killedAfterTimeout;
    private int _disposed;

    private ServerProcess(Process process, IProcessSignaller signaller, Action<ServerOutputLine> onOutput)
    {
        _process = process;
        _signaller = signaller;
        _sink = new OutputSink(onOutput);
        Id = process.Id;

        // An empty, closed stdin: a server must neither read MSBuild's console nor block waiting for input.
        process.StandardInput.Close();

        Task standardOutput = OutputLinePump.StartAsync(process.StandardOutput, isError: false, _sink);
        Task standardError = OutputLinePump.StartAsync(process.StandardError, isError: true, _sink);
        Exited = ObserveExitAsync(standardOutput, standardError);
    }

    public int Id { get; }

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

        var process = new Process { StartInfo = CreateStartInfo(info) };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        try
        {
            return new ServerProcess(process, ProcessSignallers.ForCurrentPlatform(), onOutput);
        }
        catch
        {
            // Nobody would own the server otherwise: it must not outlive the failed start.
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception killFailure) when (killFailure is InvalidOperationException or Win32Exception or AggregateException)
            {
                // Already gone or not ours to kill; the original failure is the one worth reporting.
            }

            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> and returns as soon as the process exits; when it is still running after
    /// <paramref name="timeout"/>, kills the whole tree. <see cref="StopSignal.Kill"/>, and every signal on Windows,
    /// kills the tree at once. A second call joins the stop already under way. Cancelling only abandons the wait:
    /// the stop itself carries on, so a server is never left half-stopped.
    /// </summary>
    public Task<ServerExit> StopAsync(StopSignal signal, TimeSpan timeout, CancellationToken cancellationToken = default)
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

    /// <summary>Kills the process and all its descendants now, without waiting. Never throws; for shutdown paths.</summary>
    public void KillTreeNow()
    {
        if (HasExited)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited (or was disposed) between the check and the kill.
        }
        catch (Win32Exception)
        {
            // Not permitted: nothing more a supervisor can do, and a shutdown path must not throw.
        }
        catch (AggregateException)
        {
            // Some descendant could not be killed, typically because it exited while the tree was walked.
        }
    }

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
            _process.Dispose();
        }
    }

    private async Task<ServerExit> StopCoreAsync(StopSignal signal, TimeSpan timeout)
    {
        if (HasExited)
        {
            return await Exited.ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _stopRequestedAt, Stopwatch.GetTimestamp());

        bool asked = signal != StopSignal.Kill && _signaller.TrySend(Id, signal);
        if (asked)
        {
            if (await _processGone.Task.CompletesWithinAsync(timeout).ConfigureAwait(false))
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
