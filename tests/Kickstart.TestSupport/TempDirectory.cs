using System;
using System.IO;

namespace Kickstart.TestSupport;

/// <summary>A fresh private directory under the system temp directory, deleted with everything in it on Dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "kickstart-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    /// <summary>Full path of a file or directory inside, from '/'-separated parts.</summary>
    public string this[string relativePath] => At(relativePath);

    /// <summary>Full path of <paramref name="relative"/> ('/'-separated) inside the directory.</summary>
    public string At(string relative) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar)));

    /// <summary>Writes a file (creating its directories) and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        string full = At(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public string CreateDirectory(string relative)
    {
        string full = At(relative);
        Directory.CreateDirectory(full);
        return full;
    }

    public void Dispose() => TryDelete(Path);

    /// <summary>Deletes a directory tree if it can; what cannot be deleted is left for the OS (not worth failing a test over).</summary>
    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
