using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Kickstart.Aspire.Hosting.Tests.Infrastructure;

namespace Kickstart.Aspire.Hosting.Tests;

/// <summary>
/// The app host as a user runs it — its own process, DCP detached beside it — stopped with SIGTERM: DCP stops the
/// watch, and the watch its dev proxy and Go server; nothing of it is left.
/// </summary>
public sealed class AppHostProcessTests
{
    [Fact]
    public async Task SIGTERM_to_the_app_host_leaves_no_DCP_watch_proxy_or_server()
    {
        using var service = GoService.Create("api");
        string appHost = Path.Combine(Path.GetDirectoryName(typeof(AppHostProcessTests).Assembly.Location)!, "Kickstart.Aspire.Hosting.TestAppHost.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = service.Directory,
        };
        foreach (string arg in new[] { appHost, $"--GoProject={service.ProjectPath}", "--DevProxy=true", "--ConnectionStrings:db=unused" })
            psi.ArgumentList.Add(arg);
        DotnetEnvironment.Scrub(psi, GoService.PackagesCache);
        // The dashboard on loopback ports of its own, plain http (no developer certificate here).
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Find()}";
        psi.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Find()}";
        psi.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";

        using var host = Process.Start(psi)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        host.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        host.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        var everything = new Dictionary<int, string>();
        try
        {
            // The watch (dotnet build <this project> -t:Watch, started by DCP) with its dev proxy, launcher and server.
            Dictionary<int, string>? watch = null;
            bool serving = await Poll.UntilAsync(() =>
            {
                watch = ProcessesOf(service.ProjectPath).Select(ProcessTree.Of).SelectMany(t => t).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value);
                return watch.ContainsValue("api") && watch.Count >= 4;
            }, GoAppHost.FirstStart, TimeSpan.FromMilliseconds(200));
            Assert.True(serving, "no Go server under the watch; the app host said:\n" + string.Join("\n", output));

            // DCP is detached from the app host; it names the process it serves: --monitor <app host PID>.
            foreach (int dcp in ProcessesOf("--monitor " + host.Id))
                foreach (var p in ProcessTree.Of(dcp))
                    everything[p.Key] = p.Value;
            Assert.NotEmpty(everything);
            foreach (var p in watch!)
                everything[p.Key] = p.Value;

            ProcessTable.Signal(host.Id, ProcessTable.SIGTERM);
            Assert.True(host.WaitForExit((int)Deadlines.UnreachedStopTimeout.TotalMilliseconds), "the app host did not exit on SIGTERM");
            bool gone = await Poll.UntilAsync(() => everything.Keys.All(ProcessTable.IsGone), Deadlines.UnreachedStopTimeout);
            Assert.True(gone, "left running after SIGTERM to the app host: "
                + string.Join(", ", everything.Where(p => ProcessTable.IsAlive(p.Key)).Select(p => $"{p.Key} {p.Value}")));
        }
        finally
        {
            if (!host.HasExited)
                host.Kill(entireProcessTree: true);
            foreach (int pid in everything.Keys.Where(ProcessTable.IsAlive))
                ProcessTable.Signal(pid, ProcessTable.SIGKILL);
        }
    }

    /// <summary>PIDs whose command line contains <paramref name="text"/> (the test's own unique paths and PIDs only).</summary>
    private static List<int> ProcessesOf(string text)
    {
        var found = new List<int>();
        foreach (var entry in ProcessTable.All())
        {
            try
            {
                string commandLine = File.ReadAllText($"/proc/{entry.Pid}/cmdline").Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal) && entry.Pid != Environment.ProcessId)
                    found.Add(entry.Pid);
            }
            catch (IOException)
            {
            }
        }
        return found;
    }
}
