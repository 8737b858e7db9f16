using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Tests.Native;

/// <summary>The Linux structures must match the kernel's byte for byte (x86-64 and arm64).</summary>
public sealed class LinuxNativeTests
{
    [Fact]
    public void InotifyEventHeader_Is16BytesWithTheKernelOffsets()
    {
        Assert.Equal(16, Marshal.SizeOf<LinuxNative.InotifyEventHeader>());
        Assert.Equal(16, Unsafe.SizeOf<LinuxNative.InotifyEventHeader>());
        Assert.Equal(0, Offset<LinuxNative.InotifyEventHeader>(nameof(LinuxNative.InotifyEventHeader.WatchDescriptor)));
        Assert.Equal(4, Offset<LinuxNative.InotifyEventHeader>(nameof(LinuxNative.InotifyEventHeader.Mask)));
        Assert.Equal(8, Offset<LinuxNative.InotifyEventHeader>(nameof(LinuxNative.InotifyEventHeader.Cookie)));
        Assert.Equal(12, Offset<LinuxNative.InotifyEventHeader>(nameof(LinuxNative.InotifyEventHeader.Length)));
    }

    [Fact]
    public void PollFd_Is8BytesWithTheKernelOffsets()
    {
        Assert.Equal(8, Marshal.SizeOf<LinuxNative.PollFd>());
        Assert.Equal(8, Unsafe.SizeOf<LinuxNative.PollFd>());
        Assert.Equal(0, Offset<LinuxNative.PollFd>(nameof(LinuxNative.PollFd.FileDescriptor)));
        Assert.Equal(4, Offset<LinuxNative.PollFd>(nameof(LinuxNative.PollFd.Events)));
        Assert.Equal(6, Offset<LinuxNative.PollFd>(nameof(LinuxNative.PollFd.ReturnedEvents)));
    }

    [Fact]
    public void Constants_HaveTheValuesOfTheLinuxHeaders()
    {
        Assert.Equal(0x2u, LinuxNative.IN_MODIFY);
        Assert.Equal(0x8u, LinuxNative.IN_CLOSE_WRITE);
        Assert.Equal(0x40u, LinuxNative.IN_MOVED_FROM);
        Assert.Equal(0x80u, LinuxNative.IN_MOVED_TO);
        Assert.Equal(0x100u, LinuxNative.IN_CREATE);
        Assert.Equal(0x200u, LinuxNative.IN_DELETE);
        Assert.Equal(0x400u, LinuxNative.IN_DELETE_SELF);
        Assert.Equal(0x800u, LinuxNative.IN_MOVE_SELF);
        Assert.Equal(0x4000u, LinuxNative.IN_Q_OVERFLOW);
        Assert.Equal(0x8000u, LinuxNative.IN_IGNORED);
        Assert.Equal(0x1000000u, LinuxNative.IN_ONLYDIR);
        Assert.Equal(0x4000000u, LinuxNative.IN_EXCL_UNLINK);
        Assert.Equal(0x40000000u, LinuxNative.IN_ISDIR);
        Assert.Equal(0x800, LinuxNative.IN_NONBLOCK);     // O_NONBLOCK
        Assert.Equal(0x80000, LinuxNative.IN_CLOEXEC);    // O_CLOEXEC
        Assert.Equal(0x800, LinuxNative.EFD_NONBLOCK);
        Assert.Equal(0x80000, LinuxNative.EFD_CLOEXEC);
        Assert.Equal(1, LinuxNative.POLLIN);
        Assert.Equal(28, LinuxNative.ENOSPC);
        Assert.Equal(11, LinuxNative.EAGAIN);
        Assert.Equal(4, LinuxNative.EINTR);
    }

    private static int Offset<T>(string field) => (int)Marshal.OffsetOf<T>(field);
}
