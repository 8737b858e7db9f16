using System.Collections.Generic;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// The changes of the batch being collected: one entry per path, the last kind wins, in the order paths first changed.
/// A relevant temp file created then deleted stays one entry (Deleted): it is never cancelled out, since a rebuild
/// may still be due. An overflow stays an overflow. Not thread-safe: <see cref="ChangeBatcher"/> locks around it.
/// </summary>
internal sealed class PendingChanges
{
    private readonly Dictionary<string, int> _indexByPath = new(PathComparison.Comparer);
    private readonly List<FileChange> _changes = new();

    public int Count => _changes.Count;

    public void Add(FileChange change)
    {
        if (!_indexByPath.TryGetValue(change.Path, out int index))
        {
            _indexByPath.Add(change.Path, _changes.Count);
            _changes.Add(change);
        }
        else if (_changes[index].Kind != FileChangeKind.Overflow)
        {
            _changes[index] = change;
        }
    }

    /// <summary>
    /// Puts a batch taken earlier back in front of the changes that came since, which win for a path in both (they are
    /// later): the batch of a superseded build is built with the rest of its burst.
    /// </summary>
    public void PutBack(IReadOnlyList<FileChange> earlier)
    {
        IReadOnlyList<FileChange> later = TakeAll();
        foreach (FileChange change in earlier)
        {
            Add(change);
        }

        foreach (FileChange change in later)
        {
            Add(change);
        }
    }

    public IReadOnlyList<FileChange> TakeAll()
    {
        FileChange[] batch = _changes.ToArray();
        _changes.Clear();
        _indexByPath.Clear();
        return batch;
    }
}
