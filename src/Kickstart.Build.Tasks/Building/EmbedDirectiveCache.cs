using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// The <c>//go:embed</c> patterns of Go source files, read once per version of a file and kept for the process, so
/// that a rebuild re-reads only the sources that changed instead of every Go file of the tree.
/// </summary>
/// <remarks>
/// A kept entry is valid while the file's size and last write time are those seen before it was read; the watch's
/// fast path, which knows exactly which files changed, skips even that look (<c>knownUnchanged</c>). Process-wide on
/// purpose: the watch's rebuilds are separate builds in one process, and MSBuild's reused nodes run many builds.
/// </remarks>
internal sealed class EmbedDirectiveCache
{
    /// <summary>The one cache of the process.</summary>
    public static EmbedDirectiveCache Shared { get; } = new();

    // Bounds the memory of a node that builds many trees: past this many files it starts over (a one-time re-read).
    private const int MaxFiles = 400_000;
    private static readonly IReadOnlyList<string> None = Array.Empty<string>();
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(long Length, DateTime LastWriteUtc, IReadOnlyList<string> Patterns);

    /// <summary>How many times a file was read (for tests: what the cache spared).</summary>
    public int Reads => _reads;

    private int _reads;

    /// <summary>The patterns of every //go:embed directive of <paramref name="fullPath"/>, in order (none for a missing file).</summary>
    /// <param name="knownUnchanged">The caller knows the file has not changed since it was last read here.</param>
    /// <param name="changed">The patterns differ from the ones kept (or none were kept).</param>
    public IReadOnlyList<string> PatternsOf(string fullPath, bool knownUnchanged, out bool changed)
    {
        _entries.TryGetValue(fullPath, out Entry? kept);
        changed = false;
        if (kept is not null && knownUnchanged)
            return kept.Patterns;

        var info = new FileInfo(fullPath);
        bool exists = info.Exists;
        long length = exists ? info.Length : -1;
        DateTime written = exists ? info.LastWriteTimeUtc : DateTime.MinValue;
        if (kept is not null && kept.Length == length && kept.LastWriteUtc == written)
            return kept.Patterns;

        // Size and time are taken before the read: a write during it makes the next look read the file again.
        IReadOnlyList<string> patterns = exists ? Read(fullPath) : None;
        changed = kept is null || !kept.Patterns.SequenceEqual(patterns, StringComparer.Ordinal);
        if (_entries.Count >= MaxFiles)
            _entries.Clear();
        _entries[fullPath] = new Entry(length, written, patterns);
        return patterns;
    }

    private IReadOnlyList<string> Read(string fullPath)
    {
        System.Threading.Interlocked.Increment(ref _reads);
        string text;
        try { text = File.ReadAllText(fullPath); }
        catch (IOException) { return None; }
        catch (UnauthorizedAccessException) { return None; }
        List<string> patterns = GoEmbedResolver.PatternsIn(text);
        return patterns.Count == 0 ? None : patterns;
    }
}
