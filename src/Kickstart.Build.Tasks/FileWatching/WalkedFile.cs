using System;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>A file met by <see cref="DirectoryTreeWalker"/>; length and time are only filled when asked for.</summary>
internal readonly record struct WalkedFile(string Path, long Length, DateTime LastWriteTimeUtc);
