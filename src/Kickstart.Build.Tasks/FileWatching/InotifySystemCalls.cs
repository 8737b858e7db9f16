using System;
using System.Runtime.InteropServices;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// The few Linux operations the inotify source needs, injected the way <see cref="KqueueSystemCalls"/> is, so that the
/// source's decisions can be tested against a fake. Each method returns what the system call returned (-1 on
/// failure, errno in <see cref="LastError"/>); the errno values are those of <see cref="Native.LinuxNative"/>.
/// </summary>
internal abstract class InotifySystemCalls
{
    /// <summary>The one for this OS; throws <see cref="PlatformNotSupportedException"/> where there is no inotify.</summary>
    public static InotifySystemCalls ForCurrentOS() => OperatingSystem.IsLinux()
        ? new LinuxInotifySystemCalls()
        : throw new PlatformNotSupportedException("inotify is only available on Linux.");

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>A non-blocking, close-on-exec inotify descriptor.</summary>
    public abstract int CreateInotify();

    /// <summary>Watches one directory; returns its watch descriptor (the same one again for an inode already watched).</summary>
    public abstract int AddWatch(int inotify, string directory, uint mask);

    public abstract int RemoveWatch(int inotify, int watch);

    /// <summary>The descriptor <see cref="TriggerWakeUp"/> makes readable (an eventfd).</summary>
    public abstract int CreateWakeUp();

    public abstract int TriggerWakeUp(int wakeUp);

    /// <summary>Blocks until <paramref name="inotify"/> or <paramref name="wakeUp"/> has something to say (poll), and
    /// returns each one's returned events (POLLIN, POLLERR, ...).</summary>
    public abstract int Wait(int inotify, int wakeUp, out short inotifyEvents, out short wakeUpEvents);

    /// <summary>Reads whole <c>inotify_event</c> records without blocking (EAGAIN when there are none).</summary>
    public abstract int Read(int inotify, Span<byte> buffer);

    public abstract int Close(int fileDescriptor);
}
