using System;
using System.IO;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// Windows: the server runs from a copy of the build output, never from the output itself: the next build can then
/// write the output while the server keeps running (Windows refuses to replace a running executable), and a build that
/// produced the same bytes can be recognised so the server is not restarted for nothing.
/// </summary>
internal sealed class StagedBinary : IServerBinary
{
    private StagedBinary(string path) => Path = path;

    public string Path { get; }

    /// <summary>Copies <paramref name="builtBinary"/> into <paramref name="directory"/> under a name unique to the iteration.</summary>
    /// <remarks>
    /// The copy is written under a temporary name and renamed into place: an earlier watch's server may still run from
    /// a file of the same name, and Unix refuses to open a running executable for writing (ETXTBSY, "Text file busy")
    /// but lets a rename replace it (the running program keeps the old file).
    /// </remarks>
    public static StagedBinary Stage(string builtBinary, string directory, int iteration)
    {
        Directory.CreateDirectory(directory);
        string name = System.IO.Path.GetFileNameWithoutExtension(builtBinary) + "-" + iteration + System.IO.Path.GetExtension(builtBinary);
        string target = System.IO.Path.Combine(directory, name);
        string temporary = System.IO.Path.Combine(directory, "." + name + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.Copy(builtBinary, temporary, overwrite: false);
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            new StagedBinary(temporary).TryDelete();
            throw;
        }
        return new StagedBinary(target);
    }

    /// <summary>True when <paramref name="builtBinary"/> has exactly the bytes of this staged copy (Go rebuilt nothing that matters).</summary>
    public bool HasSameContentAs(string builtBinary)
    {
        var a = new FileInfo(Path);
        var b = new FileInfo(builtBinary);
        if (!a.Exists || !b.Exists || a.Length != b.Length)
            return false;
        const int chunk = 1 << 20;
        byte[] bufferA = new byte[chunk];
        byte[] bufferB = new byte[chunk];
        using FileStream sa = a.OpenRead();
        using FileStream sb = b.OpenRead();
        while (true)
        {
            int readA = sa.ReadAtLeast(bufferA, chunk, throwOnEndOfStream: false);
            int readB = sb.ReadAtLeast(bufferB, chunk, throwOnEndOfStream: false);
            if (readA != readB || !bufferA.AsSpan(0, readA).SequenceEqual(bufferB.AsSpan(0, readB)))
                return false;
            if (readA < chunk)
                return true;
        }
    }

    /// <summary>The copy stays what it is; a restart by hand starts from it again.</summary>
    public IServerBinary ForRestart() => this;

    public void Discard() => TryDelete();

    public void TryDelete()
    {
        try { File.Delete(Path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
