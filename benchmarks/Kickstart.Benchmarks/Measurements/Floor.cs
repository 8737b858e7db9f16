using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>1. What the Go toolchain alone needs after a one-line edit: the figure every watch figure is compared to.</summary>
internal sealed record FloorResult
{
    public Series GoBuildW { get; } = new("go build -ldflags \"-X … -w\" after a 1-line edit");
    public Series GoBuildNoW { get; } = new("go build -ldflags \"-X …\" after a 1-line edit");
    public Series Exec { get; } = new("exec → first 200");
    public Series Totals { get; } = new("go build -w + exec, per edit");
    public Series GoBuildWLoaded { get; } = new("go build -w after a 1-line edit, under the probes' load (control)");

    /// <summary>Median `go build -w` + median exec → first 200.</summary>
    public double Value => GoBuildW.Median + Exec.Median;

    public double WithoutW => GoBuildNoW.Median + Exec.Median;
}

internal sealed class Floor
{
    private readonly BenchmarkContext _context;

    public Floor(BenchmarkContext context) => _context = context;

    public FloorResult Run()
    {
        int n = _context.N;
        Workspace ws = _context.Workspace;
        var result = new FloorResult();
        BenchmarkContext.Log($"1. floor: go build after a one-line edit, with and without -w, and exec → first response ({n} each)");
        for (int i = 0; i < n; i++)
        {
            string g = _context.Unique($"floor-w-{i}");
            ws.WriteInPlace(g);
            double build = _context.GoBuild(omitDebugInfo: true).ElapsedMs;
            double exec = _context.ExecToFirstResponse(ws.FloorBin, g);
            result.GoBuildW.Add(build);
            result.Exec.Add(exec);
            result.Totals.Add(build + exec);
        }
        for (int i = 0; i < n; i++)
        {
            ws.WriteInPlace(_context.Unique($"floor-{i}"));
            result.GoBuildNoW.Add(_context.GoBuild(omitDebugInfo: false).ElapsedMs);
        }
        // Control: the same build while a server answers the benchmark's own probes (GET every ~1 ms on a keep-alive
        // connection, as Probe.PollUntil polls, plus a TCP connect every ~1 ms), as it does during every watch reload
        // of 3 below — what the probing itself costs the build.
        string loadServer = Path.Combine(Path.GetDirectoryName(ws.FloorBin)!, "load-server");
        File.Copy(ws.FloorBin, loadServer, overwrite: true);
        int port = FreePort.Find();
        var psi = new ProcessStartInfo(loadServer) { WorkingDirectory = ws.AppDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PORT"] = port.ToString();
        using (var server = new Process { StartInfo = psi })
        {
            server.OutputDataReceived += (_, _) => { };
            server.ErrorDataReceived += (_, _) => { };
            server.Start();
            _context.AddStartedPid(server.Id);
            server.BeginOutputReadLine();
            server.BeginErrorReadLine();
            Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(10), () => server.HasExited);
            bool stop = false;
            var poller = new Thread(() =>
            {
                using var connection = new HttpConnection(port, keepAlive: true, receiveTimeoutMs: 2000);
                while (!Volatile.Read(ref stop)) { Probe.TryGet(connection, "/api/status"); Thread.Sleep(1); }
            }) { IsBackground = true };
            poller.Start();
            using (var outage = new OutageProbe(port))
            {
                outage.Arm();
                for (int i = 0; i < n; i++)
                {
                    ws.WriteInPlace(_context.Unique($"floor-loaded-{i}"));
                    result.GoBuildWLoaded.Add(_context.GoBuild(omitDebugInfo: true).ElapsedMs);
                }
                outage.Disarm(Stopwatch.GetTimestamp());
            }
            Volatile.Write(ref stop, true);
            poller.Join();
            ProcessTable.Signal(server.Id, ProcessTable.SIGTERM);
            if (!server.WaitForExit(5000)) { server.Kill(); server.WaitForExit(); }
        }
        BenchmarkContext.Log($"   {result.GoBuildW}\n   {result.GoBuildNoW}\n   {result.Exec}\n   {result.GoBuildWLoaded}");
        return result;
    }
}
