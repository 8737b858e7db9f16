using System;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// Hands lines from both output streams to the caller's callback, one call at a time so the callback needs no locking
/// of its own. A throwing callback must not stop the draining (a server blocked on a full pipe hangs), so its first
/// exception is kept for the owner to report and the callback is not called again.
/// </summary>
internal sealed class OutputSink
{
    private readonly object _gate = new();
    private readonly Action<ServerOutputLine> _onOutput;
    private Exception? _failure;
    private volatile bool _closed;

    internal OutputSink(Action<ServerOutputLine> onOutput) => _onOutput = onOutput;

    internal Exception? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    internal void Deliver(ServerOutputLine line)
    {
        lock (_gate)
        {
            if (_closed || _failure is not null)
            {
                return;
            }

            try
            {
                _onOutput(line);
            }
            catch (Exception exception)
            {
                _failure = exception;
            }
        }
    }

    /// <summary>
    /// Stops delivery for good, so lines that descendants write later do not trickle in after the exit was reported.
    /// Deliberately lock-free: a callback that blocks on the server's exit must not also block this.
    /// </summary>
    internal void Close() => _closed = true;
}
