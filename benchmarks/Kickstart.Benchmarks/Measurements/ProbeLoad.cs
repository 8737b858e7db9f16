using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>
/// The load the benchmark's own probes put on the machine while a watch rebuilds, put on a floor's `go build` instead:
/// a copy of a server binary that answers a GET every ~1 ms on one keep-alive connection (as
/// <see cref="Probe.PollUntil"/> polls for the new text during every measured reload) and, when asked, a TCP connect
/// every ~1 ms (the <see cref="OutageProbe"/> of 3/4). On two cores that load slows `go build` measurably; a floor
/// without it compares the watch with a less loaded machine.
/// </summary>
internal sealed class ProbeLoad : IDisposable
{
    private readonly Process _server;
    private readonly int _port;
    private readonly OutageProbe? _outage;

    /// <param name="binary">A server that answers GET /api/status; it is copied, so that the original can be rebuilt.</param>
    /// <param name="withOutageProbe">Also connect every ~1 ms, as 3/4 do during the watch's reloads.</param>
    public ProbeLoad(BenchmarkContext context, string binary, string workingDirectory, bool withOutageProbe)
    {
        string copy = Path.Combine(Path.GetDirectoryName(binary)!, "load-server");
        File.Copy(binary, copy, overwrite: true);
        _port = FreePort.Find();
        var psi = new ProcessStartInfo(copy) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PORT"] = _port.ToString();
        _server = new Process { StartInfo = psi };
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.Start();
        context.AddStartedPid(_server.Id);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        if (Probe.PollUntil(_port, "/api/status", null, TimeSpan.FromSeconds(10), () => _server.HasExited) == 0)
            throw new InvalidOperationException($"the probes' load server {copy} never answered");
        if (withOutageProbe)
            _outage = new OutageProbe(_port);
    }

    /// <summary>Runs <paramref name="measure"/> with the probes polling; returns what it returns.</summary>
    public T During<T>(Func<T> measure)
    {
        bool stop = false;
        var poller = new Thread(() =>
        {
            using var connection = new HttpConnection(_port, keepAlive: true, receiveTimeoutMs: 2000);
            while (!Volatile.Read(ref stop))
            {
                Probe.TryGet(connection, "/api/status");
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "probe-load" };
        poller.Start();
        _outage?.Arm();
        try
        {
            return measure();
        }
        finally
        {
            _outage?.Disarm(Stopwatch.GetTimestamp());
            Volatile.Write(ref stop, true);
            poller.Join();
        }
    }

    public void Dispose()
    {
        _outage?.Dispose();
        ProcessTable.Signal(_server.Id, ProcessTable.SIGTERM);
        if (!_server.WaitForExit(5000))
        {
            _server.Kill();
            _server.WaitForExit();
        }
        _server.Dispose();
    }
}
