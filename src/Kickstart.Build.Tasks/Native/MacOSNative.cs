using System.Runtime.InteropServices;

namespace Kickstart.Build.Tasks.Native;

// macOS system calls used by the kqueue change source, and the 64-bit layout of struct kevent (<sys/event.h>).
// Declarations and constants only: FileWatching/MacOSKqueueSystemCalls.cs adapts them to the portable kqueue code.
// FreeBsdNative.cs reads alike by design: the same calls and names from the other BSD's headers, where the library,
// O_CLOEXEC, EVFILT_USER and the layout of struct kevent differ (one P/Invoke surface per library and layout).
internal static unsafe partial class MacOSNative
{
    private const string Libc = "libc";

    // open flags (<sys/fcntl.h>). O_EVTONLY opens a file only to receive events: it does not keep a volume busy.
    public const int O_RDONLY = 0x0000;
    public const int O_EVTONLY = 0x8000;
    public const int O_CLOEXEC = 0x01000000;

    // kevent filters.
    public const short EVFILT_VNODE = -4;
    public const short EVFILT_USER = -10;

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

    /// <summary><c>struct kevent</c> on 64-bit macOS: 32 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct KEvent
    {
        public nuint Ident;         // ident: here a file descriptor
        public short Filter;        // filter
        public ushort Flags;        // flags
        public uint FilterFlags;    // fflags
        public nint Data;           // data
        public nint UserData;       // udata
    }

    [LibraryImport(Libc, EntryPoint = "kqueue", SetLastError = true)]
    public static partial int Kqueue();

    [LibraryImport(Libc, EntryPoint = "kevent", SetLastError = true)]
    public static partial int Kevent(int kq, KEvent* changelist, int nchanges, KEvent* eventlist, int nevents, void* timeout);

    // open() is variadic; called with no mode argument only, which is safe on every ABI (the variadic part is empty).
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
