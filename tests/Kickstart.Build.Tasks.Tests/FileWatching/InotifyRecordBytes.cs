using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>Lays out <c>struct inotify_event</c> records the way the kernel does (little-endian on the architectures .NET runs on).</summary>
internal static class InotifyRecordBytes
{
    public static void Append(List<byte> buffer, int watch, uint mask, uint cookie, string name, int nameField)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(0), watch);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), mask);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), cookie);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)nameField);
        buffer.AddRange(header);
        var field = new byte[nameField];
        Encoding.UTF8.GetBytes(name).CopyTo(field, 0);
        buffer.AddRange(field);
    }

    /// <summary>One record, its name NUL-padded to a multiple of 16 bytes as the kernel pads it.</summary>
    public static byte[] Record(int watch, uint mask, string name = "")
    {
        var buffer = new List<byte>();
        int nameField = name.Length == 0 ? 0 : (Encoding.UTF8.GetByteCount(name) / 16 + 1) * 16;
        Append(buffer, watch, mask, cookie: 0, name, nameField);
        return buffer.ToArray();
    }
}
