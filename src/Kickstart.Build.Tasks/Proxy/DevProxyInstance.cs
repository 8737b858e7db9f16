using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Proxy;

/// <summary>What a dev proxy is started with; a restarted proxy gets the same, on the port the first one bound.</summary>
internal sealed record DevProxyStartInfo(string DotnetHost, string Assembly, Uri Listen, Uri Upstream, TimeSpan HoldTimeout,
    IReadOnlyList<string> AllowedHosts);

/// <summary>
/// One Kickstart.DevProxy process: started, waited for until it listens, written to through its stdin, and watched
/// for its exit. <see cref="DevProxyProcess"/> keeps one running for the whole watch.
/// </summary>
internal sealed class DevProxyInstance : IDisposable
{
    private readonly Process _process;
    private readonly object _writeGate = new();
    private readonly TaskCompletionSource<int> _exited;

    private DevProxyInstance(Process process, Uri listeningUrl, TaskCompletionSource<int> exited)
    {
        _process = process;
        ListeningUrl = listeningUrl;
        _exited = exited;
    }

    /// <summary>The address the proxy really listens on (its port, when port 0 asked for a free one).</summary>
    public Uri ListeningUrl { get; }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code when the process ends, for whatever reason (<see cref="Dispose"/> included).</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Starts the proxy and waits until it listens. Returns null and a reason when it could not start.</summary>
    public static DevProxyInstance? Start(DevProxyStartInfo start, Action<string> output, TimeSpan startDeadline, CancellationToken cancellation,
        out int exitCode, out string failure)
    {
        exitCode = 0;
        failure = "";
        var psi = new ProcessStartInfo(start.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { start.Assembly, DevProxyArguments.Listen, start.Listen.ToString().TrimEnd('/'),
                     DevProxyArguments.Upstream, start.Upstream.ToString().TrimEnd('/'),
                     DevProxyArguments.HoldTimeoutMilliseconds, DevProxyArguments.FormatHoldTimeout(start.HoldTimeout) })
            psi.ArgumentList.Add(a);
        if (start.AllowedHosts.Count > 0)
        {
            psi.ArgumentList.Add(DevProxyArguments.AllowedHosts);
            psi.ArgumentList.Add(string.Join(";", start.AllowedHosts));
        }
        // The proxy is an ASP.NET Core app: keep MSBuild's own environment for .NET hosts out of it.
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBuildSDKsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");
        // The host's control channel is the watch's, not the proxy's.
        psi.Environment.Remove(Contracts.WatchControlContract.EndpointVariable);
        psi.Environment.Remove(Contracts.WatchControlContract.TokenVariable);

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var listening = new ManualResetEventSlim();
        string? listeningLine = null;
        var errors = new StringBuilder();
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith(DevProxyContract.ListeningPrefix, StringComparison.Ordinal))
            {
                listeningLine = e.Data;
                listening.Set();
            }
            output(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
            output(e.Data);
        };
        process.Exited += (_, _) => exited.TrySetResult(SafeExitCode(process));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            failure = $"{start.DotnetHost} could not be started: {e.Message}";
            exitCode = -1;
            process.Dispose();
            return null;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exitedHandle = ((IAsyncResult)exited.Task).AsyncWaitHandle;
        WaitHandle.WaitAny(new[] { listening.WaitHandle, exitedHandle, cancellation.WaitHandle }, startDeadline);
        if (listening.IsSet && !process.HasExited && Uri.TryCreate(listeningLine![DevProxyContract.ListeningPrefix.Length..].Trim(), UriKind.Absolute, out Uri? bound))
            return new DevProxyInstance(process, bound, exited);

        if (!process.HasExited)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            failure = cancellation.IsCancellationRequested
                ? "the watch is stopping"
                : $"the proxy did not start listening within {startDeadline.TotalSeconds:0} s";
        }
        process.WaitForExit();
        exitCode = process.ExitCode;
        lock (errors)
            failure = failure.Length > 0 ? failure : errors.ToString().Trim();
        process.Dispose();
        return null;
    }

    /// <summary>Writes one control message; false when the proxy is gone (its exit is reported by whoever watches <see cref="Exited"/>).</summary>
    public bool TrySend(ControlMessage message)
    {
        string line = message.ToJsonLine();
        lock (_writeGate)
        {
            try
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
                return true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Closing its stdin tells the proxy to exit; it gets a moment, then its tree is killed.</summary>
    public void Dispose()
    {
        lock (_writeGate)
        {
            try { _process.StandardInput.Close(); }
            catch (IOException) { }
        }
        if (!_process.WaitForExit(3000))
        {
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            _process.WaitForExit(3000);
        }
        _exited.TrySetResult(SafeExitCode(_process));
        _process.Dispose();
    }

    private static int SafeExitCode(Process process)
    {
        try { return process.ExitCode; }
        catch (InvalidOperationException) { return -1; }
    }
}
