using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// The few kqueue operations the kqueue source needs, behind one face for macOS and FreeBSD, whose struct kevent
/// layouts and some constants differ. Each method returns what the system call returned (-1 on failure, errno in
/// <see cref="LastError"/>).
/// </summary>
internal abstract class KqueueSystemCalls
{
    // errno values shared by macOS and FreeBSD.
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EACCES = 13;
    public const int ENFILE = 23;
    public const int EMFILE = 24;

    /// <summary>The one for this OS; throws <see cref="PlatformNotSupportedException"/> where there is no kqueue.</summary>
    public static KqueueSystemCalls ForCurrentOS()
    {
        if (OperatingSystem.IsMacOS())
        {
            return new MacOSKqueueSystemCalls();
        }

        if (OperatingSystem.IsFreeBSD())
        {
            return new FreeBsdKqueueSystemCalls();
        }

        throw new PlatformNotSupportedException("kqueue is only available on macOS and FreeBSD.");
    }

    public static int LastError => Marshal.GetLastPInvokeError();

    public abstract int CreateQueue();

    /// <summary>Opens a file or directory only to be told about its changes.</summary>
    public abstract int OpenForEvents(string path);

    /// <summary>Registers EVFILT_VNODE (delete, write, extend, attrib, rename; edge-triggered) for a descriptor.</summary>
    public abstract int WatchVnode(int queue, int fileDescriptor);

    /// <summary>Registers the user event that <see cref="TriggerWakeUp"/> fires.</summary>
    public abstract int AddWakeUp(int queue);

    public abstract int TriggerWakeUp(int queue);

    /// <summary>Blocks until events arrive and fills <paramref name="events"/> (at most 64 are read at once).</summary>
    public abstract int Wait(int queue, Span<KqueueEvent> events);

    public abstract int Close(int fileDescriptor);

    protected static byte[] ToNullTerminatedUtf8(string path)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
