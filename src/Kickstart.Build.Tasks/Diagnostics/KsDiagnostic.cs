namespace Kickstart.Build.Tasks.Diagnostics;

/// <summary>
/// Every mistake a user can make gets one stable code and one sentence that says what to do. The codes live here, in
/// one place, so that the README's table and the messages never drift apart.
/// </summary>
/// <remarks>
/// KS1xxx: the Go build (SDK); KS2xxx: the watch loop; KS9xxx: internal failures (a bug: please report).
/// Reserved for errors the targets raise themselves (MSBuild's Error task): KS1015 unknown RuntimeIdentifier
/// (Kickstart.Publish.targets), KS1016 wasm_exec.js not found (Kickstart.Wasm.targets), KS2008 watch under Visual
/// Studio's MSBuild (Kickstart.Watch.targets).
/// </remarks>
internal sealed record KsDiagnostic(string Code, string MessageFormat)
{
    public string Format(params object?[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, args);

    public static readonly KsDiagnostic GoNotFound = new("KS1001",
        "The Go toolchain was not found on PATH. Install Go 1.19 or later, or set the property GoToolPath to the full path of the go executable.");
    public static readonly KsDiagnostic GoToolPathMissing = new("KS1002",
        "GoToolPath is '{0}', but no such file exists. Set GoToolPath to the full path of the go executable, or leave it empty to use go from PATH.");
    public static readonly KsDiagnostic OutputPathIsFile = new("KS1003",
        "GoOutputPath '{0}' is an existing file, not a directory. Point GoOutputPath at a directory (the default is bin\\$(Configuration)\\).");
    public static readonly KsDiagnostic MainPackageMissing = new("KS1004",
        "The main package '{0}' (GoMainPackage) does not exist under {1}. Set GoMainPackage to the directory of your main package, relative to the project (default '.').");
    public static readonly KsDiagnostic MainPackageNotMain = new("KS1005",
        "The package in '{0}' (GoMainPackage) is 'package {1}', not 'package main', so it cannot be built into a server. Set GoMainPackage to the directory that holds package main.");
    public static readonly KsDiagnostic NotANumber = new("KS1006",
        "The property {0} is '{1}', which is not a whole number. Give it one (0 or more, without a sign or a unit), or remove it to use the default.");
    public static readonly KsDiagnostic GoFailedWithoutDiagnostics = new("KS1007",
        "'go {0}' failed with exit code {1} and printed no error Kickstart could place in a file: {2}");
    public static readonly KsDiagnostic NoGoMod = new("KS1008",
        "No go.mod was found in {0} or any directory above it. Run 'go mod init <module path>' in the project directory to make it a Go module.");
    public static readonly KsDiagnostic NotABoolean = new("KS1009",
        "The property {0} is '{1}'; it must be 'true' or 'false'.");
    public static readonly KsDiagnostic NoGoFiles = new("KS1010",
        "The main package '{0}' (GoMainPackage) holds no .go files other than tests. Add the server's main.go there or point GoMainPackage at the directory that has it.");
    public static readonly KsDiagnostic RestoreFailed = new("KS1011",
        "'go mod download' failed with exit code {0}, so the module's dependencies are not available ({1}). Check the network or GOPROXY/GOFLAGS (offline: vendor the dependencies with 'go mod vendor', or set GoRestoreEnabled=false).");
    public static readonly KsDiagnostic TestsFailed = new("KS1012",
        "'go test' failed with exit code {0}: {1}");
    public static readonly KsDiagnostic GoVersionUnknown = new("KS1013",
        "Kickstart could not read the Go version from {0}. The build goes on, but a changed Go installation will not be noticed until the next change to a source file.");
    public static readonly KsDiagnostic BadEnvironmentEntry = new("KS1014",
        "{1} entry '{0}' is not of the form NAME=value. Write {1} as NAME=value pairs separated by semicolons, e.g. GOFLAGS=-mod=mod;GOPRIVATE=example.com.");

    public static readonly KsDiagnostic QuietVerbosityHidesOutput = new("KS2001",
        "-verbosity:quiet hides every message, the server's output and the watch's status lines included. Run the watch with -v:minimal (the default) or higher to see them.");
    public static readonly KsDiagnostic PollingFallback = new("KS2002",
        "The native file watcher could not cover the project ({0}); Kickstart falls back to polling every {1} ms. To watch natively, raise the limit (Linux: sudo sysctl fs.inotify.max_user_watches=524288) or exclude large folders with Watch=\"false\".");
    public static readonly KsDiagnostic ServerExited = new("KS2003",
        "The server {0}. Kickstart waits for the next change to start it again (or press Ctrl+R).");
    public static readonly KsDiagnostic ServerNotReady = new("KS2004",
        "The server did not accept connections on {0} within {1} ms. Check that it listens on the port Kickstart passes in PORT, or set KickstartServerUrl to the address it really uses.");
    public static readonly KsDiagnostic BadServerUrl = new("KS2005",
        "KickstartServerUrl '{0}' is not an absolute http:// URL with a host and port. Give it as http://127.0.0.1:8080, or leave it empty.");
    public static readonly KsDiagnostic BadStopSignal = new("KS2006",
        "KickstartServerStopSignal '{0}' is not a signal Kickstart knows. Use SIGTERM (default), SIGINT or SIGKILL.");
    public static readonly KsDiagnostic ProxyPortInUse = new("KS2009",
        "KickstartProxyUrl {0} cannot be used: its port is already taken ({1}). Stop what holds it, or set KickstartProxyUrl to another port.");
    public static readonly KsDiagnostic BadProxyUrl = new("KS2010",
        "KickstartProxyUrl '{0}' is not an absolute http:// URL with a host and port. Give it as http://127.0.0.1:8080, or leave it empty to run without the dev proxy.");
    public static readonly KsDiagnostic ProxyDidNotStart = new("KS2011",
        "The dev proxy did not start ({0}). Check that {1} exists (KickstartDevProxyAssembly) and that the ASP.NET Core runtime is installed, or leave KickstartProxyUrl empty.");
    public static readonly KsDiagnostic ProxyNotLoopback = new("KS2020",
        "KickstartProxyUrl {0} makes the dev proxy listen on {1}, which is not a loopback address: other machines can reach it, the server behind it and its build errors. Use http://127.0.0.1:PORT unless you mean to share it; a browser elsewhere must open it under a name listed in KickstartProxyAllowedHosts.");
    public static readonly KsDiagnostic ProxyLoopsToItself = new("KS2021",
        "KickstartServerUrl {0} and KickstartProxyUrl {1} name the same port, so the dev proxy would forward every request to itself. Leave KickstartServerUrl empty (the server then gets a free port behind the proxy) or give the server a port of its own.");
    public static readonly KsDiagnostic BadProxyAllowedHost = new("KS2022",
        "KickstartProxyAllowedHosts entry '{0}' is not a host name, an IP address or *.name. List the names you open the dev proxy under, without scheme or port, separated by semicolons: dev.example.test;*.apps.example.test.");
    public static readonly KsDiagnostic ProxyExited = new("KS2023",
        "The dev proxy {0}; Kickstart starts it again on {1}.");
    public static readonly KsDiagnostic ProxyRestartFailed = new("KS2024",
        "The dev proxy could not be started again ({0}). The watch goes on without it: the server is at {1} (no live reload there); restart the watch to get the proxy back.");
    public static readonly KsDiagnostic ServerPortTaken = new("KS2030",
        "The server's port {0} ({1}) is already taken by {2}, so the server could not listen on it. Stop that process, or set KickstartServerUrl to a free port.");
    public static readonly KsDiagnostic DelveNotFound = new("KS2040",
        "KickstartDebug=true runs the server under Delve, but dlv was not found on PATH. Install Delve (Debian/Ubuntu: 'apt-get install delve'; elsewhere: 'go install github.com/go-delve/delve/cmd/dlv@latest'), or set the property KickstartDelvePath to the full path of dlv.");
    public static readonly KsDiagnostic DelvePathMissing = new("KS2041",
        "KickstartDelvePath is '{0}', but no such file exists. Set KickstartDelvePath to the full path of dlv (or its directory), or leave it empty to use dlv from PATH; to install Delve: 'apt-get install delve' (Debian/Ubuntu), elsewhere 'go install github.com/go-delve/delve/cmd/dlv@latest'.");
    public static readonly KsDiagnostic BadDebugAddress = new("KS2042",
        "KickstartDebugAddress '{0}' is not host:port. Give it as 127.0.0.1:2345 (the default), [::1]:2345 or localhost:2345.");
    public static readonly KsDiagnostic BreakpointNotRecreated = new("KS2043",
        "The breakpoint at {0}:{1} could not be set in the new server ({2}); the others are. Set it again on a line that holds code.");
    public static readonly KsDiagnostic BadServerSwap = new("KS2050",
        "KickstartServerSwap '{0}' is not a swap mode Kickstart knows. Use auto (the default: blue/green when the dev proxy runs), blue-green or stop-start.");
    public static readonly KsDiagnostic SwapFellBackToStopStart = new("KS2051",
        "The new server could not run beside the old one ({0}), so Kickstart stopped the old server and started the new one on its port. {1}.");
    public static readonly KsDiagnostic BlueGreenUnavailable = new("KS2052",
        "KickstartServerSwap=blue-green is ignored {0}: the old server stops before the new one starts. Leave KickstartServerSwap at auto to silence this.");
    public static readonly KsDiagnostic BadOnChange = new("KS2053",
        "The file '{0}' has KickstartOnChange '{1}', which the watch does not know. Give it one of {2} (e.g. <GoContent Update=\"{0}\" KickstartOnChange=\"reload\" />), or remove it to get its item type's default.");
    public static readonly KsDiagnostic HostChannelUnreachable = new("KS2060",
        "The host that runs this watch named its control channel in KICKSTART_WATCH_CONTROL ({0}), but it could not be reached ({1}). The watch goes on without it: the host shows no build state and its Restart and Rebuild commands do nothing. Start the watch from the host again, or unset KICKSTART_WATCH_CONTROL to run it on its own.");
    public static readonly KsDiagnostic BadHostChannelEndpoint = new("KS2061",
        "KICKSTART_WATCH_CONTROL is '{0}', which is not a loopback address and port (127.0.0.1:PORT or [::1]:PORT), so the watch does not connect to its host. The host sets it (with KICKSTART_WATCH_CONTROL_TOKEN); unset both to run the watch on its own.");
    public static readonly KsDiagnostic DockerfileNoGoMod = new("KS2070",
        "No go.mod was found in {0} or any directory above it, so Kickstart cannot tell the Dockerfile's build context (the module root). Run 'go mod init <module path>' in the directory that should be the module root.");
    public static readonly KsDiagnostic DockerfileNoGoVersion = new("KS2071",
        "{0} has no 'go' directive, so Kickstart cannot choose the Go image's version for the Dockerfile. Add one ('go 1.19'), or give GoDockerBuildImage a tag of its own (golang:1.22).");
    public static readonly KsDiagnostic DockerfileMainPackageOutsideModule = new("KS2072",
        "The main package '{0}' (GoMainPackage) lies outside the module root {1}, the Dockerfile's build context, so an image build could not see it. Point GoMainPackage at a package inside the module.");
    public static readonly KsDiagnostic DockerfileBadImage = new("KS2073",
        "{0} is '{1}', which is not an image reference. Give it as name[:tag] (golang, golang:1.22, scratch), or leave it empty for the default.");
    public static readonly KsDiagnostic DockerfileOfAnotherProject = new("KS2074",
        "{0} was generated for {1}, another project in the same directory, so Kickstart does not write {2}'s over it. Give each project a Dockerfile of its own: set GoDockerfilePath (e.g. <GoDockerfilePath>{3}.Dockerfile</GoDockerfilePath>).");
    public static readonly KsDiagnostic WatchProcessFailed = new("KS2075",
        "The watch's own process (Kickstart.WatchProcess.dll) {0}, so the watch stopped. Set KickstartWatchInOwnProcess=false to run the watch inside the build's process, and please report it.");
    public static readonly KsDiagnostic InternalError = new("KS9001",
        "Kickstart hit an internal error ({0}: {1}). Please report it; the build output above says where.");
}
