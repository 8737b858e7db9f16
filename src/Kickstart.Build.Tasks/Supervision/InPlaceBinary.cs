namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// Unix: the server runs from the build output itself (bin/Debug/&lt;name&gt;), with no copy per reload. The go command
/// never writes into an existing binary: it builds in its work directory and renames the result over the output (or
/// unlinks the output and creates it anew), so a running server keeps the file it was started from, and a server that
/// runs only blocks nothing (Unix forbids opening a running program for writing, not replacing its name).
/// "Unchanged" is decided from the Go build ID (<see cref="GoBuildId"/>): a read of the file's first kilobytes instead of
/// a copy and a comparison of the whole binary.
/// </summary>
internal sealed class InPlaceBinary : IServerBinary
{
    // Of the file as it was when the server was started from it; null when it has no build ID (then every build counts as changed).
    private readonly string? _contentId;

    private InPlaceBinary(string path, string? contentId)
    {
        Path = path;
        _contentId = contentId;
    }

    public string Path { get; }

    /// <summary>The build output as it is now.</summary>
    public static InPlaceBinary Of(string builtBinary) => new(builtBinary, GoBuildId.ContentIdOf(builtBinary));

    public bool HasSameContentAs(string builtBinary) =>
        _contentId is not null && GoBuildId.ContentIdOf(builtBinary) == _contentId;

    public IServerBinary ForRestart() => Of(Path);

    /// <summary>The build output is the build's: nothing to delete.</summary>
    public void Discard()
    {
    }
}
