namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>
/// A kevent returned by the kernel, independent of the OS's struct layout: either the wake-up that Dispose triggers,
/// or vnode changes on the file descriptor <see cref="FileDescriptor"/>.
/// </summary>
internal readonly record struct KqueueEvent(int FileDescriptor, bool IsWakeUp, VnodeChanges Changes);
