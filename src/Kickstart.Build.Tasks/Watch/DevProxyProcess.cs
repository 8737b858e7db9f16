using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Watch;

/// <summary>
/// The dev proxy (Kickstart.DevProxy, its own .NET process) and the control channel to it: JSON lines on its stdin.
/// The pipe is the security boundary (only this task holds its writing end) and the proxy's lifeline: when this
/// process ends for any reason — Ctrl+C, SIGTERM, a crash — the pipe closes and the proxy exits at once.
/// </summary>
internal sealed class DevProxyProcess : IBrowserChannel, IDisposable
{
    public const int ExitPortInUse = 2;
    public const int ExitBadArguments = 3;

    private readonly Process _process;
    private readonly object _writeGate = new();
    private readonly Action<string> _output;

    private DevProxyProcess(Process process, Action<string> output)
    {
        _process = process;
        _output = output;
    }

    /// <summary>Starts the proxy and waits until it listens. Returns null and a reason when it could not start.</summary>
    public static DevProxyProcess? Start(string dotnetHost, string proxyAssembly, Uri listenUrl, Uri serverUrl, TimeSpan holdTimeout,
        Action<string> output, TimeSpan startDeadline, out int exitCode, out string failure)
    {
        exitCode = 0;
        failure = "";
        var psi = new ProcessStartInfo(dotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { proxyAssembly, "--listen", listenUrl.ToString().TrimEnd('/'), "--upstream", serverUrl.ToString().TrimEnd('/'),
                     "--hold-timeout-ms", ((int)holdTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        // The proxy is an ASP.NET Core app: keep MSBuild's own environment for .NET hosts out of it.
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBuildSDKsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var listening = new ManualResetEventSlim();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith("kickstart-proxy: listening on", StringComparison.Ordinal))
                listening.Set();
            output(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
            output(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = new ManualResetEventSlim();
        process.Exited += (_, _) => exited.Set();
        if (process.HasExited) exited.Set();
        WaitHandle.WaitAny(new[] { listening.WaitHandle, exited.WaitHandle }, startDeadline);
        if (listening.IsSet && !process.HasExited)
            return new DevProxyProcess(process, output);

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            failure = $"the proxy did not start listening within {startDeadline.TotalSeconds:0} s";
        }
        process.WaitForExit();
        exitCode = process.ExitCode;
        lock (errors)
            failure = failure.Length > 0 ? failure : errors.ToString().Trim();
        process.Dispose();
        return null;
    }

    public void Restarting() => Send(new Dictionary<string, object?> { ["type"] = "restarting" });

    public void Ready(string serverUrl) => Send(new Dictionary<string, object?> { ["type"] = "ready", ["upstream"] = serverUrl.TrimEnd('/') });

    public void BuildSucceeded() => Send(new Dictionary<string, object?> { ["type"] = "buildSucceeded" });

    public void BuildFailed(IReadOnlyList<GoDiagnostic> errors)
    {
        var list = new List<Dictionary<string, object?>>();
        foreach (GoDiagnostic d in errors)
            list.Add(new Dictionary<string, object?> { ["file"] = d.File, ["line"] = d.Line, ["column"] = d.Column, ["message"] = d.Message });
        Send(new Dictionary<string, object?> { ["type"] = "buildFailed", ["errors"] = list });
    }

    private void Send(Dictionary<string, object?> message)
    {
        string line = JsonSerializer.Serialize(message);
        lock (_writeGate)
        {
            try
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                _output("kickstart: the dev proxy is gone; restart the watch to get it back.");
            }
            catch (ObjectDisposedException) { }
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
        _process.Dispose();
    }
}
