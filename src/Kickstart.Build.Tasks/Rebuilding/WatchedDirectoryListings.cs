using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Kickstart.Build.Tasks.FileWatching;
using Microsoft.Build.Evaluation.Context;
using Microsoft.Build.FileSystem;

namespace Kickstart.Build.Tasks.Rebuilding;

/// <summary>
/// The directory listings of the watch's evaluations, kept from one evaluation to the next: an evaluation after a file
/// was created or deleted (the full path) lists again only the directories the watch reported changes in, not the whole
/// tree (on a module of 20,000 directories the globbing is ~0.5 s of an evaluation's ~0.8 s).
/// </summary>
/// <remarks>
/// A listing is kept only while it cannot go stale unnoticed:
/// <list type="bullet">
/// <item>only of a directory the change source watches itself (<see cref="IWatchedDirectories"/>: never one it leaves
/// out, bin/, obj/, .git/, nor one outside its roots), and only once it is watching (not while it sets up or starts
/// again: a listing read meanwhile is not kept); a directory's subdirectories only when each of them is watched too (the
/// source says nothing of a directory it leaves out coming or going, a package directory named bin/ below the root, say),
/// and never what a call lists of both kinds at once;</item>
/// <item>every change the source reports forgets the listings of the changed path's directory and of every directory
/// above it (a new directory's files are reported, the directory itself may not be: its parent's listing goes with the
/// first file), and of everything below the path (a directory deleted or moved away);</item>
/// <item>a listing read while a change was reported is not kept (a generation, bumped with every report under the
/// same lock that keeps a listing), so a change that came in the middle of a read is never hidden by it;</item>
/// <item>an overflow of the source, or a new source, forgets them all. The project files do not: a listing is no
/// glob, and an evaluation with other globs matches them against the same directories.</item>
/// </list>
/// What is kept is exactly what the file system call returned (the names of its entries, per directory, kind of entry
/// and pattern; they go out joined to the path as it is asked for, as the call makes them): nothing of how MSBuild
/// matches globs is redone here. Everything else (existence checks, reading files) goes to
/// the disk as in every evaluation.
/// </remarks>
internal sealed class WatchedDirectoryListings : MSBuildFileSystemBase
{
    private enum Kind { Files, Directories }

    private readonly object _gate = new();
    // Per directory (full path, no trailing separator), the names each call on it returned (a few calls per directory,
    // and most of a large tree's directories hold nothing: names only, the asked-for path is joined on the way out).
    private readonly Dictionary<string, Listed> _byDirectory = new(PathComparison.Comparer);
    private IWatchedDirectories? _watcher;
    // Bumped by every change reported, under the gate; a read that saw it move keeps nothing.
    private long _generation;

    /// <summary>How many directories have listings kept (what the tests look at).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _byDirectory.Count;
        }
    }

    /// <summary>
    /// The context for one evaluation: its own glob cache (MSBuild keeps glob results for a context's lifetime), these
    /// listings underneath. Null when nothing can be kept (no source that says what it watches): MSBuild's default.
    /// </summary>
    public EvaluationContext? NewContext() =>
        Volatile.Read(ref _watcher) is null ? null : EvaluationContext.Create(EvaluationContext.SharingPolicy.Shared, this);

    /// <summary>The source now watching; null while none is (one is set up or replaced): everything is forgotten.</summary>
    public void WatchedBy(IWatchedDirectories? watcher)
    {
        lock (_gate)
        {
            _generation++;
            _watcher = watcher;
            _byDirectory.Clear();
        }
    }

    /// <summary>What the source reported: the listings that may no longer be true are forgotten.</summary>
    public void Changed(FileChange change)
    {
        lock (_gate)
        {
            _generation++;
            if (change.Kind == FileChangeKind.Overflow)
            {
                _byDirectory.Clear();
                return;
            }
            string path = Normalize(change.Path);
            // A directory listed before (deleted or moved away now): everything under it goes too.
            if (_byDirectory.Remove(path))
            {
                foreach (string below in _byDirectory.Keys.Where(d => PathComparison.IsSameOrUnder(d, path)).ToList())
                    _byDirectory.Remove(below);
            }
            for (string? directory = Path.GetDirectoryName(path); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
                _byDirectory.Remove(directory);
        }
    }

    public override IEnumerable<string> EnumerateFiles(string path, string searchPattern = "*", SearchOption searchOption = SearchOption.TopDirectoryOnly) =>
        Listing(Kind.Files, path, searchPattern, searchOption, () => base.EnumerateFiles(path, searchPattern, searchOption));

    public override IEnumerable<string> EnumerateDirectories(string path, string searchPattern = "*", SearchOption searchOption = SearchOption.TopDirectoryOnly) =>
        Listing(Kind.Directories, path, searchPattern, searchOption, () => base.EnumerateDirectories(path, searchPattern, searchOption));

    private IEnumerable<string> Listing(Kind kind, string path, string pattern, SearchOption option, Func<IEnumerable<string>> read)
    {
        if (Volatile.Read(ref _watcher) is null || option != SearchOption.TopDirectoryOnly || string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
            return read();
        string directory = Normalize(path);
        IWatchedDirectories? watcher;
        long before;
        lock (_gate)
        {
            if (_byDirectory.TryGetValue(directory, out Listed? listed) && listed.Find(kind, pattern) is { } kept)
                return kept.Length == 0 ? Array.Empty<string>() : kept.Select(name => Path.Join(path, name));
            watcher = _watcher;
            before = _generation;
        }
        // Read it all now: a listing is kept whole or not at all (an error while reading is the caller's, as ever).
        // The entries are the asked-for path joined with a name (as Directory.Enumerate* makes them).
        string[] listing = read().ToArray();
        if (watcher is null || !watcher.IsWatching(directory)
            || (kind == Kind.Directories && !listing.All(subdirectory => watcher.IsWatching(Normalize(subdirectory)))))
            return listing;
        string[] names = listing.Length == 0 ? Array.Empty<string>() : listing.Select(entry => Path.GetFileName(entry)).ToArray();
        lock (_gate)
        {
            if (_generation == before)
            {
                if (!_byDirectory.TryGetValue(directory, out Listed? listed))
                    _byDirectory[directory] = listed = new Listed();
                listed.Add(kind, pattern, names);
            }
        }
        return listing;
    }

    /// <summary>What the calls on one directory returned: typically two (its files, its subdirectories, pattern "*").</summary>
    private sealed class Listed
    {
        private (Kind Kind, string Pattern, string[] Names)[] _calls = Array.Empty<(Kind, string, string[])>();

        public string[]? Find(Kind kind, string pattern)
        {
            foreach (var call in _calls)
            {
                if (call.Kind == kind && string.Equals(call.Pattern, pattern, StringComparison.Ordinal))
                    return call.Names;
            }
            return null;
        }

        public void Add(Kind kind, string pattern, string[] names)
        {
            if (Find(kind, pattern) is null)
                _calls = _calls.Append((kind, pattern, names)).ToArray();
        }
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
