using Kickstart.Build.Tasks.Native;
using static Kickstart.Build.Tasks.Native.MacOSNative;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// <see cref="KqueueSystemCalls"/> for macOS: opens with O_EVTONLY, 32-byte struct kevent, EVFILT_USER -10.
/// Alike in shape to <see cref="FreeBsdKqueueSystemCalls"/> by design: the same calls over another header.
/// </summary>
internal sealed unsafe class MacOSKqueueSystemCalls : KeventSystemCalls<KEvent>
{
    private const uint VnodeNotes = NOTE_DELETE | NOTE_WRITE | NOTE_EXTEND | NOTE_ATTRIB | NOTE_RENAME;

    public override int CreateQueue() => Kqueue();

    public override int Close(int fileDescriptor) => MacOSNative.Close(fileDescriptor);

    protected override int OpenForEvents(byte* path) => Open(path, O_EVTONLY | O_CLOEXEC);

    protected override int Kevent(int queue, KEvent* changes, int changeCount, KEvent* events, int eventCapacity) =>
        MacOSNative.Kevent(queue, changes, changeCount, events, eventCapacity, null);

    protected override KEvent VnodeRegistration(int fileDescriptor) =>
        new() { Ident = (nuint)fileDescriptor, Filter = EVFILT_VNODE, Flags = EV_ADD | EV_CLEAR, FilterFlags = VnodeNotes };

    protected override KEvent WakeUp(bool trigger) => trigger
        ? new() { Ident = 0, Filter = EVFILT_USER, FilterFlags = NOTE_TRIGGER }
        : new() { Ident = 0, Filter = EVFILT_USER, Flags = EV_ADD | EV_CLEAR };

    protected override KqueueEvent Translate(in KEvent received) =>
        new((int)received.Ident, received.Filter == EVFILT_USER, (VnodeChanges)received.FilterFlags);
}
