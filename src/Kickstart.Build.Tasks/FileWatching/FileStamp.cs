using System;

namespace Kickstart.Build.Tasks.FileWatching;

/// <summary>What the polling source remembers of a file to notice that it changed: its size and last write time.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteTimeUtc);
