using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kickstart.Build.Tasks.Native;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.Native;

/// <summary>
/// struct kevent on 64-bit macOS (32 bytes) and FreeBSD 12+ (64 bytes, ext[4] added), and the kqueue constants.
/// Layouts are checked on any OS: they are plain data. (Assumes a 64-bit process, as .NET on those OSes is.)
/// </summary>
public sealed class KqueueNativeTests
{
    [Fact]
    public void MacOSKEvent_Is32BytesWithTheHeaderOffsets()
    {
        Assert.Equal(32, Marshal.SizeOf<MacOSNative.KEvent>());
        Assert.Equal(32, Unsafe.SizeOf<MacOSNative.KEvent>());
        Assert.Equal(0, Offset<MacOSNative.KEvent>(nameof(MacOSNative.KEvent.Ident)));
        Assert.Equal(8, Offset<MacOSNative.KEvent>(nameof(MacOSNative.KEvent.Filter)));
        Assert.Equal(10, Offset<MacOSNative.KEvent>(nameof(MacOSNative.KEvent.Flags)));
        Assert.Equal(12, Offset<MacOSNative.KEvent>(nameof(MacOSNative.KEvent.FilterFlags)));
        Assert.Equal(16, Offset<MacOSNative.KEvent>(nameof(MacOSNative.KEvent.Data)));
        Assert.Equal(24, Offset<MacOSNative.KEvent>(nameof(MacOSNative.KEvent.UserData)));
    }

    [Fact]
    public void FreeBsdKEvent_Is64BytesWithExtAfterUserData()
    {
        Assert.Equal(64, Marshal.SizeOf<FreeBsdNative.KEvent>());
        Assert.Equal(64, Unsafe.SizeOf<FreeBsdNative.KEvent>());
        Assert.Equal(0, Offset<FreeBsdNative.KEvent>(nameof(FreeBsdNative.KEvent.Ident)));
        Assert.Equal(8, Offset<FreeBsdNative.KEvent>(nameof(FreeBsdNative.KEvent.Filter)));
        Assert.Equal(10, Offset<FreeBsdNative.KEvent>(nameof(FreeBsdNative.KEvent.Flags)));
        Assert.Equal(12, Offset<FreeBsdNative.KEvent>(nameof(FreeBsdNative.KEvent.FilterFlags)));
        Assert.Equal(16, Offset<FreeBsdNative.KEvent>(nameof(FreeBsdNative.KEvent.Data)));
        Assert.Equal(24, Offset<FreeBsdNative.KEvent>(nameof(FreeBsdNative.KEvent.UserData)));
        Assert.Equal(32, Offset<FreeBsdNative.KEvent>(nameof(FreeBsdNative.KEvent.Ext)));
    }

    [Fact]
    public void MacOSConstants_HaveTheValuesOfTheHeaders()
    {
        Assert.Equal(-4, MacOSNative.EVFILT_VNODE);
        Assert.Equal(-10, MacOSNative.EVFILT_USER);
        Assert.Equal(0x8000, MacOSNative.O_EVTONLY);
        Assert.Equal(0x01000000, MacOSNative.O_CLOEXEC);
        AssertSharedKqueueValues(
            MacOSNative.EV_ADD, MacOSNative.EV_CLEAR, MacOSNative.NOTE_DELETE, MacOSNative.NOTE_WRITE,
            MacOSNative.NOTE_EXTEND, MacOSNative.NOTE_ATTRIB, MacOSNative.NOTE_RENAME, MacOSNative.NOTE_TRIGGER);
    }

    [Fact]
    public void FreeBsdConstants_HaveTheValuesOfTheHeaders()
    {
        Assert.Equal(-4, FreeBsdNative.EVFILT_VNODE);
        Assert.Equal(-11, FreeBsdNative.EVFILT_USER);
        Assert.Equal(0, FreeBsdNative.O_RDONLY);
        Assert.Equal(0x00100000, FreeBsdNative.O_CLOEXEC);
        AssertSharedKqueueValues(
            FreeBsdNative.EV_ADD, FreeBsdNative.EV_CLEAR, FreeBsdNative.NOTE_DELETE, FreeBsdNative.NOTE_WRITE,
            FreeBsdNative.NOTE_EXTEND, FreeBsdNative.NOTE_ATTRIB, FreeBsdNative.NOTE_RENAME, FreeBsdNative.NOTE_TRIGGER);
    }

    [Fact]
    public void PortableVnodeChanges_MatchTheNoteValues()
    {
        // KqueueChangeSource reads the returned fflags as VnodeChanges: the values must be the OS ones.
        Assert.Equal(MacOSNative.NOTE_DELETE, (uint)VnodeChanges.Delete);
        Assert.Equal(MacOSNative.NOTE_WRITE, (uint)VnodeChanges.Write);
        Assert.Equal(MacOSNative.NOTE_EXTEND, (uint)VnodeChanges.Extend);
        Assert.Equal(MacOSNative.NOTE_ATTRIB, (uint)VnodeChanges.Attrib);
        Assert.Equal(MacOSNative.NOTE_RENAME, (uint)VnodeChanges.Rename);
    }

    private static void AssertSharedKqueueValues(
        ushort evAdd, ushort evClear, uint noteDelete, uint noteWrite, uint noteExtend, uint noteAttrib, uint noteRename, uint noteTrigger)
    {
        Assert.Equal(0x0001, evAdd);
        Assert.Equal(0x0020, evClear);
        Assert.Equal(0x01u, noteDelete);
        Assert.Equal(0x02u, noteWrite);
        Assert.Equal(0x04u, noteExtend);
        Assert.Equal(0x08u, noteAttrib);
        Assert.Equal(0x20u, noteRename);
        Assert.Equal(0x01000000u, noteTrigger);
    }

    private static int Offset<T>(string field) => (int)Marshal.OffsetOf<T>(field);
}
