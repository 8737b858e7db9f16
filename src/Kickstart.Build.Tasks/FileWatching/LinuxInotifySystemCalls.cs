using System;
using System.Text;
using Kickstart.Build.Tasks.Native;
using static Kickstart.Build.Tasks.Native.LinuxNative;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary><see cref="InotifySystemCalls"/> on Linux: <see cref="LinuxNative"/>'s declarations, nothing decided here.</summary>
internal sealed unsafe class LinuxInotifySystemCalls : InotifySystemCalls
{
    // Paths up to this many UTF-8 bytes are encoded on the stack (inotify_add_watch is called once per directory).
    private const int StackPathLimit = 1024;

    public override int CreateInotify() => InotifyInit1(IN_NONBLOCK | IN_CLOEXEC);

    public override int AddWatch(int inotify, string directory, uint mask)
    {
        int capacity = Encoding.UTF8.GetMaxByteCount(directory.Length) + 1;
        Span<byte> path = capacity <= StackPathLimit ? stackalloc byte[capacity] : new byte[capacity];
        path[Encoding.UTF8.GetBytes(directory, path)] = 0;
        fixed (byte* nativePath = path)
        {
            return InotifyAddWatch(inotify, nativePath, mask);
        }
    }

    public override int RemoveWatch(int inotify, int watch) => InotifyRmWatch(inotify, watch);

    public override int CreateWakeUp() => EventFd(0, EFD_NONBLOCK | EFD_CLOEXEC);

    public override int TriggerWakeUp(int wakeUp)
    {
        ulong one = 1;
        return (int)Write(wakeUp, &one, sizeof(ulong));
    }

    public override int Wait(int inotify, int wakeUp, out short inotifyEvents, out short wakeUpEvents)
    {
        PollFd* descriptors = stackalloc PollFd[2];
        descriptors[0] = new PollFd { FileDescriptor = inotify, Events = POLLIN };
        descriptors[1] = new PollFd { FileDescriptor = wakeUp, Events = POLLIN };
        int result = Poll(descriptors, 2, -1);
        inotifyEvents = descriptors[0].ReturnedEvents;
        wakeUpEvents = descriptors[1].ReturnedEvents;
        return result;
    }

    public override int Read(int inotify, Span<byte> buffer)
    {
        fixed (byte* destination = buffer)
        {
            return (int)LinuxNative.Read(inotify, destination, (nuint)buffer.Length);
        }
    }

    public override int Close(int fileDescriptor) => LinuxNative.Close(fileDescriptor);
}
