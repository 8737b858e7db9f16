using System;
using System.IO;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>A private temporary directory for one test's scripts, FIFOs and PID files.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = Directory.CreateTempSubdirectory("kickstart-supervision-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up; not worth failing a test over.
        }
    }
}
