using System.Runtime.InteropServices;

namespace Kickstart.Build.Tasks.Native;

// Linux system calls used by the inotify change source, and the layouts of the structures they exchange.
// Declarations and constants only: FileWatching/LinuxInotifySystemCalls.cs adapts them for the inotify source
// (FileWatching/InotifyChangeSource.cs), which decides what to do with them.
// Constant values are those of x86-64 and arm64 (the architectures .NET supports on Linux).
internal static unsafe partial class LinuxNative
{
    // The runtime maps "libc" to the platform's C library (libc.so.6 on glibc).
    private const string Libc = "libc";

    // inotify_init1 flags (same values as O_NONBLOCK / O_CLOEXEC).
    public const int IN_NONBLOCK = 0x800;
    public const int IN_CLOEXEC = 0x80000;

    // inotify event masks (<sys/inotify.h>).
    public const uint IN_MODIFY = 0x00000002;
    public const uint IN_ATTRIB = 0x00000004;
    public const uint IN_CLOSE_WRITE = 0x00000008;
    public const uint IN_MOVED_FROM = 0x00000040;
    public const uint IN_MOVED_TO = 0x00000080;
    public const uint IN_CREATE = 0x00000100;
    public const uint IN_DELETE = 0x00000200;
    public const uint IN_DELETE_SELF = 0x00000400;
    public const uint IN_MOVE_SELF = 0x00000800;
    public const uint IN_UNMOUNT = 0x00002000;
    public const uint IN_Q_OVERFLOW = 0x00004000;
    public const uint IN_IGNORED = 0x00008000;
    public const uint IN_ONLYDIR = 0x01000000;
    public const uint IN_DONT_FOLLOW = 0x02000000;
    public const uint IN_EXCL_UNLINK = 0x04000000;
    public const uint IN_ISDIR = 0x40000000;

    // eventfd flags.
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    // poll events.
    public const short POLLIN = 0x0001;
    public const short POLLERR = 0x0008;
    public const short POLLHUP = 0x0010;
    public const short POLLNVAL = 0x0020;

    // errno values.
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int EMFILE = 24;
    public const int ENOSPC = 28;

    /// <summary>The fixed part of <c>struct inotify_event</c>; <see cref="Length"/> bytes of NUL-padded name follow it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InotifyEventHeader
    {
        public int WatchDescriptor;  // wd
        public uint Mask;            // mask
        public uint Cookie;          // cookie (pairs IN_MOVED_FROM with IN_MOVED_TO)
        public uint Length;          // len: size of the name field, including padding
    }

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int FileDescriptor;   // fd
        public short Events;         // events
        public short ReturnedEvents; // revents
    }

    [LibraryImport(Libc, EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int InotifyInit1(int flags);

    [LibraryImport(Libc, EntryPoint = "inotify_add_watch", SetLastError = true)]
    public static partial int InotifyAddWatch(int fd, byte* pathname, uint mask);

    [LibraryImport(Libc, EntryPoint = "inotify_rm_watch", SetLastError = true)]
    public static partial int InotifyRmWatch(int fd, int wd);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buf, nuint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buf, nuint count);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
