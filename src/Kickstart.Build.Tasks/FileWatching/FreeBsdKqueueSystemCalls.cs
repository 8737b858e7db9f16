using System;
using Kickstart.Build.Tasks.Native;
using static Kickstart.Build.Tasks.Native.FreeBsdNative;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary><see cref="KqueueSystemCalls"/> for FreeBSD 12+: opens read-only, 64-byte struct kevent.</summary>
internal sealed unsafe class FreeBsdKqueueSystemCalls : KqueueSystemCalls
{
    private const int MaxEventsPerWait = 64;
    private const uint VnodeNotes = NOTE_DELETE | NOTE_WRITE | NOTE_EXTEND | NOTE_ATTRIB | NOTE_RENAME;

    public override int CreateQueue() => Kqueue();

    public override int OpenForEvents(string path)
    {
        fixed (byte* nativePath = ToNullTerminatedUtf8(path))
        {
            return Open(nativePath, O_RDONLY | O_CLOEXEC);
        }
    }

    public override int WatchVnode(int queue, int fileDescriptor) =>
        Register(queue, new KEvent { Ident = (nuint)fileDescriptor, Filter = EVFILT_VNODE, Flags = EV_ADD | EV_CLEAR, FilterFlags = VnodeNotes });

    public override int AddWakeUp(int queue) =>
        Register(queue, new KEvent { Ident = 0, Filter = EVFILT_USER, Flags = EV_ADD | EV_CLEAR });

    public override int TriggerWakeUp(int queue) =>
        Register(queue, new KEvent { Ident = 0, Filter = EVFILT_USER, FilterFlags = NOTE_TRIGGER });

    public override int Wait(int queue, Span<KqueueEvent> events)
    {
        int capacity = Math.Min(events.Length, MaxEventsPerWait);
        KEvent* received = stackalloc KEvent[capacity];
        int count = Kevent(queue, null, 0, received, capacity, null);
        for (int i = 0; i < count; i++)
        {
            events[i] = new KqueueEvent((int)received[i].Ident, received[i].Filter == EVFILT_USER, (VnodeChanges)received[i].FilterFlags);
        }

        return count;
    }

    public override int Close(int fileDescriptor) => FreeBsdNative.Close(fileDescriptor);

    private static int Register(int queue, KEvent change) => Kevent(queue, &change, 1, null, 0, null);
}
