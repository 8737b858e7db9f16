using System;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>The EVFILT_VNODE notes the kqueue source asks for; the values are the same on macOS and FreeBSD.</summary>
[Flags]
internal enum VnodeChanges : uint
{
    None = 0,
    Delete = 0x01,  // NOTE_DELETE: unlinked (for a file replaced by a rename, the old file)
    Write = 0x02,   // NOTE_WRITE: contents written; for a directory, an entry added, removed or renamed
    Extend = 0x04,  // NOTE_EXTEND: grew
    Attrib = 0x08,  // NOTE_ATTRIB: attributes (e.g. times) changed
    Rename = 0x20,  // NOTE_RENAME: renamed or moved
}
