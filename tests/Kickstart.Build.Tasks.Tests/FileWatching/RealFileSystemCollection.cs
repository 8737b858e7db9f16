namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>
/// Tests that watch real directories and depend on timing (quiet windows) run one at a time, so that a CPU-heavy one
/// (the 20,000-directory tree) cannot delay another's events past its quiet window.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealFileSystemCollection
{
    public const string Name = "Real file system watching";
}
