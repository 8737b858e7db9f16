using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Debugging;
using Kickstart.Build.Tasks.Session;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Build.Tasks.Tests.Session;
using Kickstart.Build.Tasks.Tests.Supervision;
using TaskLoggingHelper = Microsoft.Build.Utilities.TaskLoggingHelper;
using FreePort = Kickstart.TestSupport.FreePort;

namespace Kickstart.Build.Tasks.Tests.Debugging;

/// <summary>
/// The starter KickstartDebug uses, with the real launcher and the real dlv: the two ends a server under Delve has that
/// a server without it does not — Delve outliving its server, and Delve not starting at all.
/// </summary>
public sealed class DelveServerStarterTests
{
    private static (DelveServerStarter Starter, RecordingEngine Engine) CreateStarter(string address)
    {
        var engine = new RecordingEngine();
        var output = new LiveOutput(engine, new TaskLoggingHelper(engine, "GoWatch"), "GoWatch", terminalLoggerEnabled: "0");
        return (new DelveServerStarter(DelveUnderTest.DelvePath, address, output), engine);
    }

    private static ServerStartInfo StartInfo(string binary, string directory, string port) => new()
    {
        FileName = binary,
        WorkingDirectory = directory,
        Environment = new Dictionary<string, string?> { ["PORT"] = port },
        Launcher = TestLauncher.Path,
    };

    [LinuxFact]
    public async Task A_server_that_exits_under_Delve_is_seen_to_exit_with_its_own_status_and_dlv_goes_with_it()
    {
        using var source = new DebuggableServer();
        string binary = source.Build("server-1");
        var (starter, engine) = CreateStarter($"127.0.0.1:{FreePort.Find()}");
        // Not a port: ListenAndServe fails and the server exits with 1 — while a headless Delve would stay for its clients.
        IRunningServer server = starter.Start(StartInfo(binary, source.Directory, "not-a-port"), _ => { });
        await using (server)
        {
            Assert.Contains(engine.Lines, l => l.Contains("kickstart: debugger (Delve) at "));
            ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);
            Assert.Equal(1, exit.ExitCode);
            Assert.True(server.HasExited, "dlv still runs after its server exited");
        }
    }

    [LinuxFact]
    public void A_Delve_that_cannot_listen_fails_the_start_at_once_with_an_exception_the_supervisor_reports()
    {
        using var source = new DebuggableServer();
        string binary = source.Build("server-1");
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var (starter, _) = CreateStarter($"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}");
            var output = new List<string>();
            var stopwatch = Stopwatch.StartNew();
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(
                () => starter.Start(StartInfo(binary, source.Directory, FreePort.Find().ToString()), line => { lock (output) output.Add(line.Text); }));
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}: the exit of dlv went unnoticed");
            Assert.Contains("dlv exited before it listened", e.Message);
            lock (output)
                Assert.Contains(output, l => l.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            taken.Stop();
        }
    }
}
