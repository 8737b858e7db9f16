using System.Runtime.InteropServices;

namespace Kickstart.Build.Tasks.Native;

// FreeBSD system calls used by the kqueue change source, and the FreeBSD 12+ layout of struct kevent (<sys/event.h>),
// which added ext[4] after udata. Declarations and constants only: FileWatching/FreeBsdKqueueSystemCalls.cs adapts them.
// MacOSNative.cs reads alike by design: the same calls and names from macOS's headers, where the library, O_CLOEXEC,
// EVFILT_USER and the layout of struct kevent differ (one P/Invoke surface per library and layout).
internal static unsafe partial class FreeBsdNative
{
    // libc.so is a linker script on FreeBSD; the loadable library is libc.so.7.
    private const string Libc = "libc.so.7";

    // open flags (<sys/fcntl.h>). FreeBSD has no O_EVTONLY: a read-only descriptor is enough for EVFILT_VNODE.
    public const int O_RDONLY = 0x0000;
    public const int O_CLOEXEC = 0x00100000;

    // kevent filters.
    public const short EVFILT_VNODE = -4;
    public const short EVFILT_USER = -11;

    // kevent flags.
    public const ushort EV_ADD = 0x0001;
    public const ushort EV_DELETE = 0x0002;
    public const ushort EV_ENABLE = 0x0004;
    public const ushort EV_CLEAR = 0x0020;
    public const ushort EV_ERROR = 0x4000;

    // EVFILT_VNODE filter flags.
    public const uint NOTE_DELETE = 0x00000001;
    public const uint NOTE_WRITE = 0x00000002;
    public const uint NOTE_EXTEND = 0x00000004;
    public const uint NOTE_ATTRIB = 0x00000008;
    public const uint NOTE_RENAME = 0x00000020;

    // EVFILT_USER filter flag that fires the event.
    public const uint NOTE_TRIGGER = 0x01000000;

    // errno values.
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EACCES = 13;
    public const int ENFILE = 23;
    public const int EMFILE = 24;

    /// <summary><c>struct kevent</c> on 64-bit FreeBSD 12 and later: 64 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct KEvent
    {
        public nuint Ident;         // ident: here a file descriptor
        public short Filter;        // filter
        public ushort Flags;        // flags
        public uint FilterFlags;    // fflags
        public long Data;           // data (int64_t)
        public nint UserData;       // udata
        public fixed ulong Ext[4];  // ext[4]
    }

    [LibraryImport(Libc, EntryPoint = "kqueue", SetLastError = true)]
    public static partial int Kqueue();

    [LibraryImport(Libc, EntryPoint = "kevent", SetLastError = true)]
    public static partial int Kevent(int kq, KEvent* changelist, int nchanges, KEvent* eventlist, int nevents, void* timeout);

    // open() is variadic; called with no mode argument only, which is safe on every ABI.
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
