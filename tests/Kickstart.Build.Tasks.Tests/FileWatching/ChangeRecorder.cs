using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>Collects what a change source reports, and lets a test wait (with a deadline) until something was reported.</summary>
internal sealed class ChangeRecorder
{
    private readonly object _gate = new();
    private readonly List<FileChange> _changes = new();
    private readonly SemaphoreSlim _changed = new(0);

    public void Record(FileChange change)
    {
        lock (_gate)
        {
            _changes.Add(change);
        }

        _changed.Release();
    }

    public IReadOnlyList<FileChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return _changes.ToArray();
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the changes so far; false when the deadline passed first.</summary>
    public async Task<bool> WaitUntilAsync(Func<IReadOnlyList<FileChange>, bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (condition(Changes))
            {
                return true;
            }

            TimeSpan remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || !await _changed.WaitAsync(remaining))
            {
                return condition(Changes);
            }
        }
    }

    public Task<bool> WaitForAsync(string path, FileChangeKind kind, TimeSpan timeout) =>
        WaitUntilAsync(changes => changes.Any(c => c.Path == path && c.Kind == kind), timeout);
}
