using System;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Hands changes to the consumer's callback from a source's background thread. An exception escaping a background
/// thread would terminate the whole process (here MSBuild), so a throwing callback loses that one change instead.
/// </summary>
internal sealed class ChangeReporter
{
    private readonly Action<FileChange> _onChange;

    public ChangeReporter(Action<FileChange> onChange)
    {
        _onChange = onChange ?? throw new ArgumentNullException(nameof(onChange));
    }

    public void Report(string path, FileChangeKind kind, bool endsSave = false)
    {
        try
        {
            _onChange(new FileChange(path, kind, endsSave));
        }
        catch (Exception)
        {
            // Deliberately swallowed: see the class comment. The consumer's own code is where to log it.
        }
    }
}
