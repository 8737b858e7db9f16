using System;
using System.IO;
using System.Text;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// The Go build ID of a binary, read from its first bytes: no process, no hash of the whole file. The linker writes it
/// as an ELF note (<c>.note.go.buildid</c>, in the headers) and, for Mach-O and PE, as
/// <c>\xff Go build ID: "…"\n \xff</c> at the start of the text segment; both lie well within the first 32 kB, which is
/// what the go command itself reads (cmd/internal/buildid).
/// </summary>
/// <remarks>
/// A binary's ID is <c>actionID(link)/actionID(main)/contentID(main)/contentID(link)</c>; its last part is a hash of the
/// file's content (the ID's own bytes left out), so two binaries with the same last part have the same bytes — the
/// byte-by-byte comparison this replaces, at the cost of one small read.
/// </remarks>
internal static class GoBuildId
{
    private const int ReadSize = 32 * 1024;
    private const int MaxLength = 1024;
    private const int ElfNoteGoBuildIdTag = 4;
    private static readonly byte[] ElfMagic = { 0x7f, (byte)'E', (byte)'L', (byte)'F' };
    private static readonly byte[] NoteName = { (byte)'G', (byte)'o', 0, 0 };
    // 0xff, " Go build ID: \"" … "\"\n ", 0xff
    private static readonly byte[] TextPrefix = Marker(0xff, " Go build ID: \"");
    private static readonly byte[] TextSuffix = Marker(-1, "\"\n ", 0xff);

    /// <summary>The hash of the binary's content (the ID's last part); null when the file has no Go build ID or cannot be read.</summary>
    public static string? ContentIdOf(string path)
    {
        string? id = Read(path);
        if (string.IsNullOrEmpty(id))
            return null;
        int slash = id!.LastIndexOf('/');
        return slash < 0 ? id : id.Substring(slash + 1);
    }

    /// <summary>The whole build ID; null when there is none (not a Go binary, <c>-ldflags=-buildid=</c>) or the file cannot be read.</summary>
    public static string? Read(string path)
    {
        byte[] head = new byte[ReadSize];
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            length = stream.ReadAtLeast(head, ReadSize, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        ReadOnlySpan<byte> data = head.AsSpan(0, length);
        return data.StartsWith(ElfMagic) ? FromElfNote(data) : FromTextMarker(data);
    }

    // namesz (4), descsz, type (4), "Go\0\0", then descsz bytes of ID; in the file's byte order.
    private static string? FromElfNote(ReadOnlySpan<byte> data)
    {
        if (data.Length < 6)
            return null;
        bool bigEndian = data[5] == 2;
        int from = 0;
        while (true)
        {
            int found = data.Slice(from).IndexOf(NoteName);
            if (found < 0)
                return null;
            int name = from + found;
            from = name + 1;
            if (name < 12)
                continue;
            int namesz = Word(data.Slice(name - 12), bigEndian);
            int descsz = Word(data.Slice(name - 8), bigEndian);
            int type = Word(data.Slice(name - 4), bigEndian);
            if (namesz != 4 || type != ElfNoteGoBuildIdTag || descsz <= 0 || descsz > MaxLength || name + 4 + descsz > data.Length)
                continue;
            return Printable(data.Slice(name + 4, descsz));
        }
    }

    private static string? FromTextMarker(ReadOnlySpan<byte> data)
    {
        int start = data.IndexOf(TextPrefix);
        if (start < 0)
            return null;
        ReadOnlySpan<byte> rest = data.Slice(start + TextPrefix.Length);
        int end = rest.IndexOf(TextSuffix);
        return end < 0 || end > MaxLength ? null : Printable(rest.Slice(0, end));
    }

    private static int Word(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0];

    private static string? Printable(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b is < 0x21 or > 0x7e)
                return null;
        }
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    private static byte[] Marker(int first, string text, int last = -1)
    {
        var bytes = new System.Collections.Generic.List<byte>();
        if (first >= 0)
            bytes.Add((byte)first);
        bytes.AddRange(Encoding.ASCII.GetBytes(text));
        if (last >= 0)
            bytes.Add((byte)last);
        return bytes.ToArray();
    }
}
