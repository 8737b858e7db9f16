using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// Splits what one read() of an inotify descriptor returned into records. Each <c>inotify_event</c> is a 16-byte
/// header followed by <c>len</c> bytes of name, NUL-terminated and padded with more NULs; the next record starts right
/// after the padding. The kernel only returns whole records, but a truncated tail is ignored rather than trusted.
/// </summary>
internal static class InotifyEventParser
{
    private static readonly int HeaderSize = Unsafe.SizeOf<LinuxNative.InotifyEventHeader>();

    public static List<InotifyRecord> Parse(ReadOnlySpan<byte> buffer)
    {
        var records = new List<InotifyRecord>();
        int offset = 0;
        while (buffer.Length - offset >= HeaderSize)
        {
            var header = MemoryMarshal.Read<LinuxNative.InotifyEventHeader>(buffer[offset..]);
            int nameStart = offset + HeaderSize;
            if (header.Length > (uint)(buffer.Length - nameStart))
            {
                break;
            }

            ReadOnlySpan<byte> nameField = buffer.Slice(nameStart, (int)header.Length);
            int terminator = nameField.IndexOf((byte)0);
            ReadOnlySpan<byte> name = terminator < 0 ? nameField : nameField[..terminator];
            records.Add(new InotifyRecord(header.WatchDescriptor, header.Mask, header.Cookie, Encoding.UTF8.GetString(name)));
            offset = nameStart + (int)header.Length;
        }

        return records;
    }
}
