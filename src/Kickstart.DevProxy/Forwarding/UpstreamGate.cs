using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.DevProxy.Forwarding;

/// <summary>Where one attempt of a request goes, taken in one moment: the server, its generation, and the release after it.</summary>
/// <param name="Upstream">The server to send to.</param>
/// <param name="Generation">Its generation (<see cref="UpstreamGate.Generation"/>): which connection pool leads to it.</param>
/// <param name="NextRelease">Completes at the next release, the moment to try again if this server refuses.</param>
internal readonly record struct UpstreamTurn(Uri Upstream, int Generation, Task NextRelease);

/// <summary>
/// Where requests go, and whether they may go now. <c>restarting</c> closes the gate, <c>ready</c> opens it (maybe
/// with a new address); every opening also completes <see cref="NextRelease"/>, which requests that found the server
/// down wait on.
/// </summary>
internal sealed class UpstreamGate
{
    private readonly object _lock = new();
    private Uri _upstream;
    private bool _holding;
    private TaskCompletionSource _nextRelease = NewSignal();

    private int _generation;

    public UpstreamGate(Uri upstream) => _upstream = upstream;

    public Uri Upstream
    {
        get { lock (_lock) return _upstream; }
    }

    /// <summary>Completes at the next <see cref="Release"/>: the moment a server that was down may be up again.</summary>
    public Task NextRelease
    {
        get { lock (_lock) return _nextRelease.Task; }
    }

    /// <summary>Moves on at every hold and release: connections pooled before it may lead to a server that is going or gone.</summary>
    public int Generation
    {
        get { lock (_lock) return _generation; }
    }

    public void Hold()
    {
        lock (_lock)
        {
            _holding = true;
            _generation++;
        }
    }

    public void Release(Uri? upstream)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            if (upstream is not null)
                _upstream = upstream;
            _holding = false;
            _generation++;
            released = _nextRelease;
            _nextRelease = NewSignal();
        }
        released.TrySetResult();
    }

    /// <summary>
    /// Waits while the gate is closed; returns where to send the request, or null when the deadline passed first. The
    /// server, its generation and the next release are read together: a switch to a new server (a blue/green swap) that
    /// comes during the attempt is then always the release the retry waits for, never one it missed.
    /// </summary>
    public async Task<UpstreamTurn?> WaitUntilOpenAsync(Deadline deadline, CancellationToken cancellation)
    {
        while (true)
        {
            Task released;
            lock (_lock)
            {
                if (!_holding)
                    return new UpstreamTurn(_upstream, _generation, _nextRelease.Task);
                released = _nextRelease.Task;
            }
            try
            {
                await released.WaitAsync(deadline.Remaining, cancellation).ConfigureAwait(false);
            }
            catch (TimeoutException) when (deadline.HasPassed)
            {
                return null;
            }
            catch (TimeoutException)
            {
                // A deadline that never passes waits in the longest steps a timer takes (or a timer fired early).
            }
        }
    }

    // Continuations run elsewhere: Release is called from the control channel's thread, which must not run requests.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
