using System;
using Kickstart.Build.Tasks.Session;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// The batching decisions about the burst of changes under way, without any waiting (<see cref="ChangeBatcher"/> waits):
/// when the pending batch is due, and whether a change continues the burst whose batch is being built, which then
/// supersedes that build. A burst is a run of relevant changes, each within the quiet window of the one before.
/// </summary>
/// <remarks>
/// A batch is due at once when its last change ends a save (<see cref="FileChange.EndsSave"/>: the file is written and
/// closed, or renamed into place), otherwise once the quiet window after its last change has passed. When the burst
/// goes on while its batch builds, that build is superseded, and from then on the burst waits the quiet window: a
/// burst that has shown it is several saves (a checkout, a code generator, "save all") is built once it is over, not
/// started and cancelled again for each of its files. A change later than the quiet window after the one before is a
/// new burst: it never supersedes a build, it waits for it (one more build after the current one).
/// Not thread-safe: the batcher locks around it.
/// </remarks>
internal sealed class Burst
{
    private readonly TimeSpan _quietWindow;
    private readonly IClock _clock;

    // The last relevant change (0: none yet), and whether it ended a save.
    private long _lastChange;
    private bool _lastEndsSave;

    // A batch of this burst is being built: a change continuing the burst supersedes that build. A build of an
    // earlier burst is none of a new burst's business: the new one waits for it.
    private bool _buildingThisBurst;

    // This burst already superseded a build: its next batch waits the quiet window, whatever its last change.
    private bool _superseded;

    public Burst(TimeSpan quietWindow, IClock clock)
    {
        _quietWindow = quietWindow;
        _clock = clock;
    }

    /// <summary>Records a relevant change; true when it supersedes the build of the burst's batch under way.</summary>
    public bool Add(bool endsSave)
    {
        bool continues = _lastChange != 0 && _clock.Since(_lastChange) < _quietWindow;
        bool supersedes = continues && _buildingThisBurst;
        if (!continues)
        {
            _superseded = false;
            _buildingThisBurst = false;
        }
        else if (supersedes)
        {
            _superseded = true;
            _buildingThisBurst = false;
        }

        _lastChange = _clock.Timestamp();
        _lastEndsSave = endsSave;
        return supersedes;
    }

    /// <summary>How long until the pending batch is due; zero or less: now. Meaningful once a change was added.</summary>
    public TimeSpan DueIn() =>
        _lastEndsSave && !_superseded ? TimeSpan.Zero : _quietWindow - _clock.Since(_lastChange);

    /// <summary>The pending batch was taken to be built.</summary>
    public void BatchTaken() => _buildingThisBurst = true;

    /// <summary>The build of the batch taken last is over: done, or superseded and its changes put back.</summary>
    public void BuildOver() => _buildingThisBurst = false;
}
