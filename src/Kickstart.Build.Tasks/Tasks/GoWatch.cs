using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Debugging;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.FileWatching;
using Kickstart.Build.Tasks.Hosting;
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
/// A host that runs the watch (the Aspire app host) names its control channel in the environment
/// (<see cref="Contracts.WatchControlContract"/>): the task connects at its start and the loop reports to it.
/// </summary>
public sealed class GoWatch : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();
    // The host's channel when the environment names one; the errors this task logged, for the host's "failed".
    private IWatchHost _host = NoWatchHost.Instance;
    private readonly List<string> _errors = new();

    // No defaults here: Sdk.props and Kickstart.Watch.targets give every setting its value, and ValidateGoProject has
    // checked the form of each before this task starts (a wrong number would otherwise be MSBuild's MSB4030).
    [Required] public string ProjectFile { get; set; } = "";
    /// <summary>The targets each rebuild runs; the last one returns the binary.</summary>
    [Required] public string[] BuildTargets { get; set; } = Array.Empty<string>();

    /// <summary>The target that returns the project's watch items (each rebuild runs it before <see cref="BuildTargets"/>).</summary>
    [Required] public string CollectWatchItemsTarget { get; set; } = "";
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
    public string? StopSignal { get; set; }
    /// <summary>KickstartServerSwap: auto, blue-green or stop-start.</summary>
    public string? ServerSwap { get; set; }
    public int StopTimeoutMilliseconds { get; set; }
    public int ReadyTimeoutMilliseconds { get; set; }
    public int QuietMilliseconds { get; set; }
    public bool UsePolling { get; set; }
    public int PollingIntervalMilliseconds { get; set; }
    /// <summary>$(_MSBUILDTLENABLED): "1" when the terminal logger shows this build.</summary>
    public string? TerminalLoggerEnabled { get; set; }
    /// <summary>The dev proxy's public URL (KickstartProxyUrl); empty: no proxy.</summary>
    public string? ProxyUrl { get; set; }
    /// <summary>Kickstart.DevProxy.dll.</summary>
    public string? ProxyAssembly { get; set; }
    public int ProxyHoldTimeoutMilliseconds { get; set; }
    /// <summary>KickstartProxyAllowedHosts: more names the proxy answers to, separated by semicolons.</summary>
    public string? ProxyAllowedHosts { get; set; }
    /// <summary>The dotnet executable that runs the proxy ($(DOTNET_HOST_PATH)).</summary>
    public string? DotnetHost { get; set; }
    /// <summary>Where a watch build's Go errors are written (GoBuild's DiagnosticsFile, the same property).</summary>
    [Required] public string BuildErrorsFile { get; set; } = "";
    /// <summary>Put before every line (a solution of services: "[api] ").</summary>
    public string? OutputPrefix { get; set; }
    /// <summary>Stop after this many rebuilds (0: run until cancelled).</summary>
    public int MaxIterations { get; set; }
    /// <summary>KickstartWatchRestartWithoutBuild: a change only to files the server reads at start restarts it, no build.</summary>
    public bool RestartWithoutBuild { get; set; }
    /// <summary>KickstartWatchReloadWithoutBuild: a change only to static files reloads open pages, no build, no restart.</summary>
    public bool ReloadWithoutBuild { get; set; }
    /// <summary>KickstartWatchSwapStylesheets: a change only to stylesheets swaps them in open pages, no page reload.</summary>
    public bool SwapStylesheets { get; set; }

    /// <summary>KickstartDebug: run the server under Delve (the watch's builds then keep what a debugger needs).</summary>
    public bool Debug { get; set; }
    /// <summary>KickstartDebugAddress: where Delve listens, host:port, the same for every server of the watch.</summary>
    public string DebugAddress { get; set; } = Debugging.DebugAddress.Default;
    /// <summary>KickstartDelvePath: dlv (or its directory); empty: dlv from PATH.</summary>
    public string? DelvePath { get; set; }

    /// <summary>
    /// KickstartWatchUsePackageGraph: list the server's packages (go list -deps, with the Go settings below) so that a
    /// change in a package outside its build (another service's, in a module of several) rebuilds nothing.
    /// </summary>
    public bool UsePackageGraph { get; set; }
    /// <summary>KickstartWatchKeepDirectoryListings: evaluations list again only the directories the watch saw change.</summary>
    public bool KeepDirectoryListings { get; set; }
    /// <summary>The go executable the build runs ($(GoToolFullPath)); empty: no package graph.</summary>
    public string? GoToolPath { get; set; }
    /// <summary>GoMainPackage.</summary>
    public string? MainPackage { get; set; }
    /// <summary>GoTags.</summary>
    public string? Tags { get; set; }
    /// <summary>GoBuildFlags (those that decide the packages, such as -mod and -tags, are passed to go list).</summary>
    public string? GoBuildFlags { get; set; }
    public string? GOOS { get; set; }
    public string? GOARCH { get; set; }
    public string? CgoEnabled { get; set; }
    /// <summary>GoEnvironment: NAME=value pairs separated by semicolons.</summary>
    public string? GoEnvironment { get; set; }

    /// <summary>
    /// KickstartWatchInOwnProcess: run the watch in a process of its own, started with tiered compilation off
    /// (<see cref="WatchProcessContract"/> says why); this task then only passes on what it says and what it is asked.
    /// Not on Windows, where the watch runs in the build's process.
    /// </summary>
    public bool InOwnProcess { get; set; }

    /// <summary>In the watch's own process: what the build that started it asks (stop, Ctrl+R); null in the build's process.</summary>
    internal BuildRequests? Requests { get; set; }

    /// <summary>The build's command line (in the watch's own process, the build's, not the process's).</summary>
    internal string[]? CommandLine { get; set; }

    /// <summary>The build's process (in the watch's own process, the one that started it): what a host knows the watch by.</summary>
    internal int? BuildProcessId { get; set; }

    /// <summary>The dlv that runs the server when <see cref="Debug"/> is set, found by <see cref="ResolveDebugger"/>.</summary>
    internal string? DelveExecutable { get; private set; }

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        if (InOwnProcess && Requests is null && !OperatingSystem.IsWindows())
            return WatchInOwnProcess();
        using HostChannel? channel = ConnectToHost();
        if (channel is not null)
            _host = new HostChannelEvents(channel);
        bool ok = Watch();
        // A watch that could not start, or ended on a KS error: the host shows why (the stop's "stopping" came already).
        if (_errors.Count > 0)
            _host.Failed(_errors);
        return ok;
    }

    private bool Watch()
    {
        WatchOptions? options = ReadOptions();
        if (options is null || !ResolveDebugger())
            return false;

        var output = new LiveOutput(BuildEngine, Log, nameof(GoWatch), TerminalLoggerEnabled ?? Environment.GetEnvironmentVariable("_MSBUILDTLENABLED"), OutputPrefix);
        if (LiveOutput.QuietVerbosityRequested(CommandLine ?? Environment.GetCommandLineArgs()) && !output.UsesTerminalLogger)
            Log.LogWarning(null, KsDiagnostic.QuietVerbosityHidesOutput.Code, null, null, 0, 0, 0, 0, KsDiagnostic.QuietVerbosityHidesOutput.Format());

        if (!DealWithLeftovers(options, output))
            return false;

        using DevProxyProcess? proxy = StartProxy(options, output);
        if (options.ProxyUrl is not null && proxy is null)
            return false;

        using var builder = new IterationBuilder(BuildEngine, output, options.ProjectFile, CollectWatchItemsTarget, options.BuildTargets,
            KeepDirectoryListings ? new WatchedDirectoryListings() : null);
        // Ctrl+C during a rebuild stops that rebuild (and its go build) at once.
        using CancellationTokenRegistration cancelBuild = _cancel.Token.Register(builder.Cancel);
        IBrowserChannel browser = (IBrowserChannel?)proxy ?? NoBrowserChannel.Instance;
        IServerStarter starter = Debug ? new Debugging.DelveServerStarter(DelveExecutable!, DebugAddress.Trim(), output) : LauncherServerStarter.Instance;
        var server = new ServerSupervisor(options, starter, TcpReadinessCheck.Instance, browser, output, StopwatchClock.Instance, _cancel.Token);
        using GoPackageGraph? graph = CreatePackageGraph(options, output);
        using var loop = new WatchLoop(options, builder, SystemChangeSources.Instance, server, browser, StopwatchClock.Instance, output,
            new NodeSharing(BuildEngine), _cancel.Token, graph is null ? null : new ServerBuildScope(graph), _host);
        // On SIGTERM the .NET CLI ends the process as soon as the signal's handlers have run, whatever the build is doing.
        bool exitingOnSigterm = false;
        using StopRequestListener signals = StopRequestListener.Register(signal =>
        {
            exitingOnSigterm = signal == nameof(PosixSignal.SIGTERM) && Requests is null;
            _cancel.Cancel();
        }, loop.KillServerNow, alsoFromTheBuild: Requests is not null);
        // The process may end under the task (the CLI exits on SIGTERM even when a handler asks it not to): the
        // server still gets its graceful stop, bounded by the stop timeout, and then its tree is killed.
        EventHandler killOnExit = (_, _) =>
        {
            loop.StopServerOnExit();
            loop.ReportStopped(processExiting: true);
        };
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        if (Requests is null)
            ConsoleKeys.StartReading(loop.RequestManualRestart, _cancel.Token);
        else
            Requests.Start(stop: () => signals.Request(WatchProcessContract.StopLine), restart: loop.RequestManualRestart, buildGone: () =>
            {
                // The build's process is gone (kill -9, a crash): as its lifeline would have, the server goes at once.
                loop.KillServerNow();
                _cancel.Cancel();
            });
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

    // The watch in a process of its own (Hosting/WatchProcessRelay.cs): this task hands it what the build gave it.
    private bool WatchInOwnProcess()
    {
        var globals = BuildEngine is IBuildEngine6 engine6
            ? new Dictionary<string, string>(engine6.GetGlobalProperties(), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var start = new WatchStartLine(WatchStartLine.ParametersOf(this), globals, Environment.GetCommandLineArgs(), Environment.ProcessId);
        string dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
            : string.IsNullOrWhiteSpace(DotnetHost) ? "dotnet" : DotnetHost!;
        var relay = new WatchProcessRelay(BuildEngine, Log, TerminalLoggerEnabled ?? Environment.GetEnvironmentVariable("_MSBUILDTLENABLED"),
            TimeSpan.FromMilliseconds(Math.Max(StopTimeoutMilliseconds, 0)));
        bool? succeeded = relay.Run(dotnet, start, _cancel.Token, out string failure);
        if (succeeded is null)
            Error(KsDiagnostic.WatchProcessFailed, failure);
        return succeeded == true;
    }

    // The settings in the types the loop works with. Their form was checked by ValidateGoProject with the same rules;
    // a value that fails here anyway (the task run on its own) gets the same KS error.
    private WatchOptions? ReadOptions()
    {
        bool ok = true;
        if (!ServerStopSignalParser.TryParse(StopSignal, out ServerStopSignal signal))
        {
            Error(KsDiagnostic.BadStopSignal, StopSignal);
            ok = false;
        }

        if (!ServerSwapModeParser.TryParse(ServerSwap, out ServerSwapMode swap))
        {
            Error(KsDiagnostic.BadServerSwap, ServerSwap);
            ok = false;
        }

        Uri? url = null;
        if (!string.IsNullOrWhiteSpace(ServerUrl) && (url = SettingChecks.ParseUrlWithPort(ServerUrl!, allowHttps: true)) is null)
        {
            Error(KsDiagnostic.BadServerUrl, ServerUrl);
            ok = false;
        }

        Uri? proxyUrl = null;
        if (!string.IsNullOrWhiteSpace(ProxyUrl))
        {
            if ((proxyUrl = SettingChecks.ParseUrlWithPort(ProxyUrl!, allowHttps: false)) is null)
            {
                Error(KsDiagnostic.BadProxyUrl, ProxyUrl);
                ok = false;
            }
            else if (url is null)
            {
                // Behind the proxy the server's own port is an implementation detail: any free loopback port, passed as PORT.
                url = new Uri($"http://127.0.0.1:{FreePort.Find()}/");
            }
            else if (SettingChecks.IsSameSocket(url, proxyUrl))
            {
                Error(KsDiagnostic.ProxyLoopsToItself, ServerUrl!.Trim(), ProxyUrl!.Trim());
                ok = false;
            }
        }

        if (!EnvironmentList.TryParse(ServerEnvironment, out IReadOnlyList<KeyValuePair<string, string>> entries, out string? badEntry))
        {
            Error(KsDiagnostic.BadEnvironmentEntry, badEntry, "KickstartServerEnvironment");
            ok = false;
        }
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> entry in entries)
            environment[entry.Key] = entry.Value;

        if (!OperatingSystem.IsWindows() && (string.IsNullOrWhiteSpace(Launcher) || !File.Exists(Launcher)))
        {
            Error(KsDiagnostic.InternalError, "the launcher is missing", Launcher);
            ok = false;
        }
        if (!ok)
            return null;
        swap = EffectiveSwapMode(swap, proxyUrl is not null);

        string projectFile = Path.GetFullPath(ProjectFile);
        string projectDirectory = Path.GetDirectoryName(projectFile)!;
        string stagingDirectory = Path.GetFullPath(Path.Combine(projectDirectory, StagingDirectory));
        return new WatchOptions
        {
            ProjectFile = projectFile,
            ProjectDirectory = projectDirectory,
            BuildTargets = BuildTargets,
            ExcludedDirectories = ExcludedDirectories.Select(d => Path.GetFullPath(Path.Combine(projectDirectory, d))).Append(stagingDirectory).ToList(),
            StagingDirectory = stagingDirectory,
            Launcher = string.IsNullOrWhiteSpace(Launcher) ? null : Path.GetFullPath(Launcher!),
            BuildErrorsFile = Path.GetFullPath(Path.Combine(projectDirectory, BuildErrorsFile)),
            ProxyUrl = proxyUrl,
            // Under a debugger a server may be held at a breakpoint for as long as the user steps: nothing times out then.
            ProxyHoldTimeout = Debug ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ProxyHoldTimeoutMilliseconds),
            ServerArguments = CommandLineWords.Split(ServerArguments),
            ServerEnvironment = environment,
            ServerWorkingDirectory = string.IsNullOrWhiteSpace(ServerWorkingDirectory) ? projectDirectory : Path.GetFullPath(Path.Combine(projectDirectory, ServerWorkingDirectory!)),
            ServerUrl = url,
            ServerStopSignal = signal,
            ServerSwap = swap,
            StopTimeout = TimeSpan.FromMilliseconds(StopTimeoutMilliseconds),
            ReadyTimeout = Debug ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ReadyTimeoutMilliseconds),
            QuietWindow = TimeSpan.FromMilliseconds(QuietMilliseconds),
            UsePolling = UsePolling,
            PollingInterval = TimeSpan.FromMilliseconds(Math.Max(PollingIntervalMilliseconds, 10)),
            MaxIterations = MaxIterations,
            Shortcuts = new ReloadShortcuts(RestartWithoutBuild, ReloadWithoutBuild, SwapStylesheets),
        };
    }

    // Blue/green needs the proxy to switch, and a second server beside the first: Delve listens on one fixed address.
    private ServerSwapMode EffectiveSwapMode(ServerSwapMode asked, bool proxy)
    {
        string? why = Debug ? "under KickstartDebug (Delve listens on the one KickstartDebugAddress)"
            : !proxy ? "without the dev proxy (the browser talks to the server's own port; set KickstartProxyUrl to have one)"
            : null;
        if (why is null)
            return asked;
        if (asked == ServerSwapMode.BlueGreen)
            Log.LogWarning(null, KsDiagnostic.BlueGreenUnavailable.Code, null, null, 0, 0, 0, 0, KsDiagnostic.BlueGreenUnavailable.Format(why));
        return ServerSwapMode.StopStart;
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
        if (exitCode == Contracts.DevProxyContract.ExitCannotListen)
            Error(KsDiagnostic.ProxyPortInUse, options.ProxyUrl, failure);
        else if (exitCode == Contracts.DevProxyContract.ExitBadArguments)
            Error(KsDiagnostic.BadProxyUrl, options.ProxyUrl);
        else
            Error(KsDiagnostic.ProxyDidNotStart, failure.Length > 0 ? failure : $"exit code {exitCode}", assembly);
        return null;
    }

    // The toolchain environment exactly as GoBuild gives it to go build: GOOS, GOARCH, CGO_ENABLED, then GoEnvironment.
    private GoPackageGraph? CreatePackageGraph(WatchOptions options, LiveOutput output)
    {
        if (!UsePackageGraph || string.IsNullOrWhiteSpace(GoToolPath)
            || !EnvironmentList.TryParse(GoEnvironment, out IReadOnlyList<KeyValuePair<string, string>> entries, out _))
            return null;
        var environment = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in new[] { ("GOOS", GOOS), ("GOARCH", GOARCH), ("CGO_ENABLED", CgoEnabled) })
        {
            if (!string.IsNullOrWhiteSpace(value))
                environment.Add(new KeyValuePair<string, string>(name, value!.Trim()));
        }
        environment.AddRange(entries);
        var settings = new GoListSettings(GoToolPath!, options.ProjectDirectory, string.IsNullOrWhiteSpace(MainPackage) ? "." : MainPackage!, Tags,
            GoBuildFlags, environment);
        return new GoPackageGraph(settings, output.WriteDetail);
    }

    // Without KickstartDebug nothing is looked up; with it, a missing Delve or a bad address stops the watch before it starts.
    private bool ResolveDebugger()
    {
        if (!Debug)
            return true;
        bool ok = true;
        if (!Debugging.DebugAddress.TryParse(DebugAddress, out _, out _))
        {
            Error(KsDiagnostic.BadDebugAddress, DebugAddress);
            ok = false;
        }
        DelveExecutable = Debugging.DelveLocator.Locate(DelvePath, Environment.GetEnvironmentVariable("PATH"), out KsDiagnostic? problem, out object?[] arguments);
        if (problem is not null)
        {
            Error(problem, arguments);
            ok = false;
        }
        return ok;
    }

    // Both variables, or no channel: one without the other is no host of Kickstart's (nothing is said then).
    private HostChannel? ConnectToHost()
    {
        string? endpoint = Environment.GetEnvironmentVariable(Contracts.WatchControlContract.EndpointVariable);
        string? token = Environment.GetEnvironmentVariable(Contracts.WatchControlContract.TokenVariable);
        if (string.IsNullOrWhiteSpace(endpoint) || string.IsNullOrEmpty(token))
            return null;
        if (!HostChannel.TryParseEndpoint(endpoint, out System.Net.IPEndPoint address))
        {
            Warn(KsDiagnostic.BadHostChannelEndpoint, endpoint);
            return null;
        }
        HostChannel? channel = HostChannel.Connect(address, token!, Path.GetFullPath(ProjectFile), Detail, out string failure, buildProcessId: BuildProcessId);
        if (channel is null)
            Warn(KsDiagnostic.HostChannelUnreachable, endpoint!.Trim(), failure);
        return channel;
    }

    // A detail from another thread (the channel's): dropped once the task has returned.
    private void Detail(string line)
    {
        try { Log.LogMessage(MessageImportance.Normal, (OutputPrefix ?? "") + line); }
        catch (InvalidOperationException) { }
    }

    private void Warn(KsDiagnostic d, params object?[] args) => Log.LogWarning(null, d.Code, null, null, 0, 0, 0, 0, d.Format(args));

    private void Error(KsDiagnostic d, params object?[] args)
    {
        string message = d.Format(args);
        Log.LogError(null, d.Code, null, null, 0, 0, 0, 0, message);
        _errors.Add(CanonicalError.Format(null, 0, 0, isWarning: false, d.Code, message, Path.GetFullPath(ProjectFile)));
    }
}
