using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.Proxy;
using Kickstart.Build.Tasks.Rebuilding;
using Kickstart.Build.Tasks.Session;
using Kickstart.Build.Tasks.Supervision;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// `dotnet build -t:Watch`: builds the project, runs the server, and rebuilds and swaps it on every change until the
/// user stops it — Ctrl+C, SIGINT, SIGTERM or SIGHUP (see <see cref="StopRequestListener"/>), or MSBuild's own cancellation.
/// A stop ends the task successfully: it is the normal end of a watch, not a failure. The loop is in
/// <see cref="WatchLoop"/>; this class is the task surface: parameters, validation, cancellation and the last-resort cleanup.
/// </summary>
public sealed class GoWatch : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    [Required] public string ProjectFile { get; set; } = "";
    /// <summary>The targets each rebuild runs; the last one returns the binary.</summary>
    public string[] BuildTargets { get; set; } = { "_KickstartWatchBinary" };
    /// <summary>Directories never watched (output, intermediate, staging), full paths.</summary>
    public string[] ExcludedDirectories { get; set; } = Array.Empty<string>();
    [Required] public string StagingDirectory { get; set; } = "";
    /// <summary>Kickstart's launcher (Unix), built by _KickstartBuildLauncher: every server starts through it.</summary>
    public string? Launcher { get; set; }
    public string? ServerArguments { get; set; }
    /// <summary>NAME=value pairs separated by semicolons.</summary>
    public string? ServerEnvironment { get; set; }
    public string? ServerWorkingDirectory { get; set; }
    public string? ServerUrl { get; set; }
    public string StopSignal { get; set; } = "SIGTERM";
    public string StopTimeoutMilliseconds { get; set; } = "5000";
    public string ReadyTimeoutMilliseconds { get; set; } = "10000";
    public string QuietMilliseconds { get; set; } = "20";
    /// <summary>true or false; a string, so that another value is KS1009 here instead of MSBuild's MSB4030.</summary>
    public string UsePolling { get; set; } = "false";
    public string PollingIntervalMilliseconds { get; set; } = "250";
    /// <summary>$(_MSBUILDTLENABLED): "1" when the terminal logger shows this build.</summary>
    public string? TerminalLoggerEnabled { get; set; }
    /// <summary>The dev proxy's public URL (KickstartProxyUrl); empty: no proxy.</summary>
    public string? ProxyUrl { get; set; }
    /// <summary>Kickstart.DevProxy.dll.</summary>
    public string? ProxyAssembly { get; set; }
    public string ProxyHoldTimeoutMilliseconds { get; set; } = "5000";
    /// <summary>KickstartProxyAllowedHosts: more names the proxy answers to, separated by semicolons.</summary>
    public string? ProxyAllowedHosts { get; set; }
    /// <summary>The dotnet executable that runs the proxy ($(DOTNET_HOST_PATH)).</summary>
    public string? DotnetHost { get; set; }
    /// <summary>Where a watch build's Go errors are written (see GoBuild.DiagnosticsFile).</summary>
    public string? BuildErrorsFile { get; set; }
    /// <summary>Put before every line (a solution of services: "[api] ").</summary>
    public string? OutputPrefix { get; set; }
    /// <summary>Stop after this many rebuilds (0: run until cancelled).</summary>
    public string MaxIterations { get; set; } = "0";

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        WatchOptions? options = ReadOptions();
        if (options is null)
            return false;

        var output = new LiveOutput(BuildEngine, Log, nameof(GoWatch), TerminalLoggerEnabled ?? Environment.GetEnvironmentVariable("_MSBUILDTLENABLED"), OutputPrefix);
        if (LiveOutput.QuietVerbosityRequested(Environment.GetCommandLineArgs()) && !output.UsesTerminalLogger)
            Log.LogWarning(null, KsDiagnostic.QuietVerbosityHidesOutput.Code, null, null, 0, 0, 0, 0, KsDiagnostic.QuietVerbosityHidesOutput.Format());

        if (!DealWithLeftovers(options, output))
            return false;

        using DevProxyProcess? proxy = StartProxy(options, output);
        if (options.ProxyUrl is not null && proxy is null)
            return false;

        using var builder = new IterationBuilder(BuildEngine, output, options.ProjectFile, options.BuildTargets);
        // Ctrl+C during a rebuild stops that rebuild (and its go build) at once.
        using CancellationTokenRegistration cancelBuild = _cancel.Token.Register(builder.Cancel);
        IBrowserChannel browser = (IBrowserChannel?)proxy ?? NoBrowserChannel.Instance;
        var server = new ServerSupervisor(options, LauncherServerStarter.Instance, TcpReadinessCheck.Instance, browser, output, StopwatchClock.Instance, _cancel.Token);
        using var loop = new WatchLoop(options, builder, SystemChangeSources.Instance, server, browser, StopwatchClock.Instance, output,
            new NodeSharing(BuildEngine), _cancel.Token);
        // On SIGTERM the .NET CLI ends the process as soon as the signal's handlers have run, whatever the build is doing.
        bool exitingOnSigterm = false;
        using StopRequestListener signals = StopRequestListener.Register(signal =>
        {
            exitingOnSigterm = signal == nameof(PosixSignal.SIGTERM);
            _cancel.Cancel();
        }, loop.KillServerNow);
        // The process may end under the task (the CLI exits on SIGTERM even when a handler asks it not to): the
        // server still gets its graceful stop, bounded by the stop timeout, and then its tree is killed.
        EventHandler killOnExit = (_, _) =>
        {
            loop.StopServerOnExit();
            loop.ReportStopped(processExiting: true);
        };
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        ConsoleKeys.StartReading(loop.RequestManualRestart, _cancel.Token);
        try
        {
            loop.Run();
        }
        finally
        {
            loop.Shutdown();
            if (_cancel.IsCancellationRequested)
                loop.ReportStopped(processExiting: exitingOnSigterm);
            output.Close();
            AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        }
        return !Log.HasLoggedErrors;
    }

    private WatchOptions? ReadOptions()
    {
        bool ok = true;
        int Number(string name, string value, int example)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                return n;
            Error(KsDiagnostic.NotANumber, name, value, example);
            ok = false;
            return 0;
        }

        int stopTimeout = Number("KickstartServerStopTimeoutMilliseconds", StopTimeoutMilliseconds, 5000);
        int readyTimeout = Number("KickstartServerReadyTimeoutMilliseconds", ReadyTimeoutMilliseconds, 10000);
        int quiet = Number("KickstartWatchQuietMilliseconds", QuietMilliseconds, 20);
        int polling = Number("KickstartWatchPollingIntervalMilliseconds", PollingIntervalMilliseconds, 250);
        int maxIterations = Number("KickstartWatchMaxIterations", MaxIterations, 0);
        bool usePolling = false;
        if (UsePolling.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
            usePolling = true;
        else if (UsePolling.Trim().Length > 0 && !UsePolling.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            Error(KsDiagnostic.NotABoolean, "KickstartWatchUsePolling", UsePolling);
            ok = false;
        }

        if (!ServerStopSignalParser.TryParse(StopSignal, out ServerStopSignal signal))
        {
            Error(KsDiagnostic.BadStopSignal, StopSignal);
            ok = false;
        }

        Uri? url = null;
        if (!string.IsNullOrWhiteSpace(ServerUrl))
        {
            if (!TryParseUrlWithPort(ServerUrl!, allowHttps: true, out url))
            {
                Error(KsDiagnostic.BadServerUrl, ServerUrl);
                ok = false;
            }
        }

        Uri? proxyUrl = null;
        if (!string.IsNullOrWhiteSpace(ProxyUrl))
        {
            if (!TryParseUrlWithPort(ProxyUrl!, allowHttps: false, out proxyUrl))
            {
                Error(KsDiagnostic.BadProxyUrl, ProxyUrl);
                ok = false;
            }
            else if (url is null)
            {
                // Behind the proxy the server's own port is an implementation detail: any free loopback port, passed as PORT.
                url = new Uri($"http://127.0.0.1:{FreePort.Find()}/");
            }
            else if (IsSameSocket(url, proxyUrl))
            {
                Error(KsDiagnostic.ProxyLoopsToItself, ServerUrl!.Trim(), ProxyUrl!.Trim());
                ok = false;
            }
        }
        int proxyHold = Number("KickstartProxyHoldTimeoutMilliseconds", ProxyHoldTimeoutMilliseconds, 5000);

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (string entry in (ServerEnvironment ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            int eq = entry.IndexOf('=');
            if (eq <= 0)
            {
                Log.LogError(null, KsDiagnostic.BadEnvironmentEntry.Code, null, null, 0, 0, 0, 0,
                    KsDiagnostic.BadEnvironmentEntry.Format(entry).Replace("GoEnvironment", "KickstartServerEnvironment"));
                ok = false;
                continue;
            }
            environment[entry.Substring(0, eq)] = entry.Substring(eq + 1);
        }
        if (!OperatingSystem.IsWindows() && (string.IsNullOrWhiteSpace(Launcher) || !File.Exists(Launcher)))
        {
            Error(KsDiagnostic.InternalError, "the launcher is missing", Launcher);
            ok = false;
        }
        if (!ok)
            return null;

        string projectFile = Path.GetFullPath(ProjectFile);
        string projectDirectory = Path.GetDirectoryName(projectFile)!;
        return new WatchOptions
        {
            ProjectFile = projectFile,
            ProjectDirectory = projectDirectory,
            BuildTargets = BuildTargets.Length == 0 ? new[] { "_KickstartWatchBinary" } : BuildTargets,
            ExcludedDirectories = ExcludedDirectories.Select(d => Path.GetFullPath(Path.Combine(projectDirectory, d))).Append(Path.GetFullPath(Path.Combine(projectDirectory, StagingDirectory))).ToList(),
            StagingDirectory = Path.GetFullPath(Path.Combine(projectDirectory, StagingDirectory)),
            Launcher = string.IsNullOrWhiteSpace(Launcher) ? null : Path.GetFullPath(Launcher!),
            BuildErrorsFile = Path.GetFullPath(Path.Combine(projectDirectory, string.IsNullOrWhiteSpace(BuildErrorsFile) ? Path.Combine(StagingDirectory, "build-errors.jsonl") : BuildErrorsFile!)),
            ProxyUrl = proxyUrl,
            ProxyHoldTimeout = TimeSpan.FromMilliseconds(proxyHold),
            ServerArguments = CommandLineWords.Split(ServerArguments),
            ServerEnvironment = environment,
            ServerWorkingDirectory = string.IsNullOrWhiteSpace(ServerWorkingDirectory) ? projectDirectory : Path.GetFullPath(Path.Combine(projectDirectory, ServerWorkingDirectory!)),
            ServerUrl = url,
            ServerStopSignal = signal,
            StopTimeout = TimeSpan.FromMilliseconds(stopTimeout),
            ReadyTimeout = TimeSpan.FromMilliseconds(readyTimeout),
            QuietWindow = TimeSpan.FromMilliseconds(quiet),
            UsePolling = usePolling,
            PollingInterval = TimeSpan.FromMilliseconds(Math.Max(polling, 10)),
            MaxIterations = maxIterations,
        };
    }

    // An absolute http(s) URL that names its port: the watch passes the port on and probes it, so it must be explicit.
    private static bool TryParseUrlWithPort(string text, bool allowHttps, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? url)
    {
        string trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out url))
            return false;
        bool schemeOk = url.Scheme == Uri.UriSchemeHttp || (allowHttps && url.Scheme == Uri.UriSchemeHttps);
        bool portGiven = !url.IsDefaultPort || trimmed.Contains(":" + url.Port.ToString(CultureInfo.InvariantCulture));
        return schemeOk && portGiven;
    }

    // The same port on this machine (a host of its own, or loopback and "any address" on both sides): the proxy would be its own upstream.
    private static bool IsSameSocket(Uri server, Uri proxy)
    {
        static bool Local(Uri u) => u.IsLoopback || u.IdnHost is "0.0.0.0" or "::";
        return server.Port == proxy.Port
            && (string.Equals(server.IdnHost, proxy.IdnHost, StringComparison.OrdinalIgnoreCase) || (Local(server) && Local(proxy)));
    }

    // A server an earlier watch left running is stopped; a port held by anything else is an error that names it.
    private bool DealWithLeftovers(WatchOptions options, LiveOutput output)
    {
        if (ServerSupervisor.StopLeftovers(options, output) is not { } holder)
            return true;
        Uri url = options.ServerUrl!;
        Error(KsDiagnostic.ServerPortTaken, url.Port, url.ToString().TrimEnd('/'), holder.Describe());
        return false;
    }

    private DevProxyProcess? StartProxy(WatchOptions options, LiveOutput output)
    {
        if (options.ProxyUrl is null)
            return null;
        if (!AllowedHostList.TryParse(ProxyAllowedHosts, out IReadOnlyList<string> allowedHosts, out string? badHost))
        {
            Error(KsDiagnostic.BadProxyAllowedHost, badHost);
            return null;
        }
        // Host names other than localhost the proxy refuses by itself (KS2010); an address it binds as given.
        if (!options.ProxyUrl.IsLoopback && options.ProxyUrl.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            output.Warn(KsDiagnostic.ProxyNotLoopback, options.ProxyUrl.ToString().TrimEnd('/'), options.ProxyUrl.Host);
        }
        string assembly = Path.GetFullPath(ProxyAssembly ?? "");
        string host = string.IsNullOrWhiteSpace(DotnetHost) ? "dotnet" : DotnetHost!;
        var start = new DevProxyStartInfo(host, assembly, options.ProxyUrl, options.ServerUrl!, options.ProxyHoldTimeout, allowedHosts);
        DevProxyProcess? proxy = DevProxyProcess.Start(start, output.WriteLine, _cancel.Token, out int exitCode, out string failure);
        if (proxy is not null)
            return proxy;
        if (exitCode == DevProxyProcess.ExitPortInUse)
            Error(KsDiagnostic.ProxyPortInUse, options.ProxyUrl, failure);
        else if (exitCode == DevProxyProcess.ExitBadArguments)
            Error(KsDiagnostic.BadProxyUrl, options.ProxyUrl);
        else
            Error(KsDiagnostic.ProxyDidNotStart, failure.Length > 0 ? failure : $"exit code {exitCode}", assembly);
        return null;
    }

    private void Error(KsDiagnostic d, params object?[] args) => Log.LogError(null, d.Code, null, null, 0, 0, 0, 0, d.Format(args));
}
