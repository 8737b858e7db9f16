using System;
using System.Threading;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>
/// The one watch that measurements 3, 4, 5, 6 and 8 share, in that order: edits, bursts, idling, then Ctrl+C.
/// </summary>
internal static class WatchSession
{
    /// <summary>Starts the watch on a free port and returns once it serves and said it started.</summary>
    public static WatchProcess Start(BenchmarkContext context)
    {
        int port = FreePort.Find();
        BenchmarkContext.Log($"3. watch on port {port}: edit → serving, {context.N} saves per style");
        WatchProcess w = context.StartWatch(context.Workspace.ProjectPath, port);
        long ready = Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited);
        if (ready == 0)
            throw new InvalidOperationException("the watch never served:\n" + w.Output);
        if (w.WaitForLine(WatchLines.Started, 0, TimeSpan.FromSeconds(30)) is null)
            throw new InvalidOperationException("no 'kickstart: built … started' line:\n" + w.Output);
        Thread.Sleep(500);
        return w;
    }
}
