namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>One <c>inotify_event</c> read from the kernel: the watch it concerns, what happened, and the entry name
/// inside the watched directory ("" when the event is about the watched directory itself, or an overflow).</summary>
internal readonly record struct InotifyRecord(int WatchDescriptor, uint Mask, uint Cookie, string Name);
