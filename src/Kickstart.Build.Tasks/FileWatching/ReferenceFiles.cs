using System.Collections.Generic;
using System.Linq;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Which of the project's references (its ProjectReference items) each watched file comes through, and which references
/// the watch knows every file of: what a rebuild for some changed files can leave unbuilt.
/// </summary>
/// <remarks>
/// A reference that lists its own watch items (a Kickstart project: a WebAssembly client) is known file by file, its
/// own references' files counted as its; a reference that does not (a C# project: only its project file is watched) is
/// never known, and is built by every rebuild.
/// </remarks>
public sealed class ReferenceFiles
{
    public static readonly ReferenceFiles None = new(new Dictionary<string, string>(), new HashSet<string>());

    private readonly Dictionary<string, string> _referenceOf;
    private readonly HashSet<string> _known;

    /// <param name="referenceOf">Full path of a watched file → full path of the reference it comes through.</param>
    /// <param name="known">The references whose every input is a watched file.</param>
    public ReferenceFiles(IEnumerable<KeyValuePair<string, string>> referenceOf, IEnumerable<string> known)
    {
        _referenceOf = new Dictionary<string, string>(PathComparison.Comparer);
        foreach (KeyValuePair<string, string> pair in referenceOf)
            _referenceOf[PathComparison.Normalize(pair.Key)] = PathComparison.Normalize(pair.Value);
        _known = new HashSet<string>(known.Select(PathComparison.Normalize), PathComparison.Comparer);
    }

    /// <summary>The known references none of whose files is among <paramref name="changedFiles"/> (full paths): their
    /// build would come out as the last one, so a rebuild for these files need not build them.</summary>
    public IReadOnlyCollection<string> UntouchedBy(IEnumerable<string> changedFiles)
    {
        var untouched = new HashSet<string>(_known, PathComparison.Comparer);
        foreach (string file in changedFiles)
        {
            if (_referenceOf.TryGetValue(PathComparison.Normalize(file), out string? reference))
                untouched.Remove(reference);
        }
        return untouched;
    }
}
