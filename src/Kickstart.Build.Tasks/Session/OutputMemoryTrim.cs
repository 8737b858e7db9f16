using System;
using System.Threading;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// Gives back to the operating system the memory a burst of output used, once the burst is over.
/// </summary>
/// <remarks>
/// Every line a server prints becomes a logging event of MSBuild's; a server that prints tens of megabytes at once
/// leaves as much garbage behind, and an idle watch allocates too little for the GC ever to collect it: the build
/// process would keep the burst's size for good. So once a large burst has been quiet for a moment, one full,
/// compacting collection that also decommits memory runs — rare by construction (at most once per quiet period after
/// at least <see cref="BurstBytes"/> of output), and never on a path that waits for it.
/// </remarks>
internal sealed class OutputMemoryTrim : IDisposable
{
    private const long BurstBytes = 8L << 20;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    private readonly Timer _timer;
    private long _bytesSinceTrim;
    private long _bytesAtLastCheck;

    public OutputMemoryTrim() => _timer = new Timer(_ => Check(), null, Quiet, Quiet);

    /// <summary>Counts a line's share (cheap, any thread).</summary>
    public void Wrote(string line) => Interlocked.Add(ref _bytesSinceTrim, line.Length * sizeof(char));

    private void Check()
    {
        long now = Interlocked.Read(ref _bytesSinceTrim);
        bool quietSinceLastCheck = now == _bytesAtLastCheck;
        _bytesAtLastCheck = now;
        if (now < BurstBytes || !quietSinceLastCheck)
            return;
        Interlocked.Exchange(ref _bytesSinceTrim, 0);
        _bytesAtLastCheck = 0;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public void Dispose() => _timer.Dispose();
}
