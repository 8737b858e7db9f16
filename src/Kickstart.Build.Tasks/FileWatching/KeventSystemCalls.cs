using System;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// <see cref="KqueueSystemCalls"/> over one OS's <c>struct kevent</c>: how the registrations are made and the
/// returned events read is the same on macOS and FreeBSD; the layout, EVFILT_USER, the open flags and the library
/// differ, and are all a subclass says (see <see cref="MacOSKqueueSystemCalls"/>, <see cref="FreeBsdKqueueSystemCalls"/>).
/// </summary>
internal abstract unsafe class KeventSystemCalls<TKEvent> : KqueueSystemCalls
    where TKEvent : unmanaged
{
    private const int MaxEventsPerWait = 64;

    public override int OpenForEvents(string path)
    {
        fixed (byte* nativePath = ToNullTerminatedUtf8(path))
        {
            return OpenForEvents(nativePath);
        }
    }

    public override int WatchVnode(int queue, int fileDescriptor) => Register(queue, VnodeRegistration(fileDescriptor));

    public override int AddWakeUp(int queue) => Register(queue, WakeUp(trigger: false));

    public override int TriggerWakeUp(int queue) => Register(queue, WakeUp(trigger: true));

    public override int Wait(int queue, Span<KqueueEvent> events)
    {
        int capacity = Math.Min(events.Length, MaxEventsPerWait);
        TKEvent* received = stackalloc TKEvent[capacity];
        int count = Kevent(queue, null, 0, received, capacity);
        for (int i = 0; i < count; i++)
        {
            events[i] = Translate(received[i]);
        }

        return count;
    }

    /// <summary>open() with the flags that open a file or directory only to be told about its changes.</summary>
    protected abstract int OpenForEvents(byte* path);

    /// <summary>kevent() with no timeout.</summary>
    protected abstract int Kevent(int queue, TKEvent* changes, int changeCount, TKEvent* events, int eventCapacity);

    /// <summary>EVFILT_VNODE for the descriptor: delete, write, extend, attrib, rename; EV_ADD | EV_CLEAR (edge-triggered).</summary>
    protected abstract TKEvent VnodeRegistration(int fileDescriptor);

    /// <summary>The EVFILT_USER event (ident 0) added (EV_ADD | EV_CLEAR), or fired (NOTE_TRIGGER).</summary>
    protected abstract TKEvent WakeUp(bool trigger);

    protected abstract KqueueEvent Translate(in TKEvent received);

    private int Register(int queue, TKEvent change) => Kevent(queue, &change, 1, null, 0);
}
