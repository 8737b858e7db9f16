using System;
using System.IO;
using System.Linq;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A `go` first on PATH that appends its arguments to a log and then runs the real go: the only honest way to prove
/// that a build did not start the Go toolchain at all.
/// </summary>
internal sealed class GoCallRecorder
{
    public GoCallRecorder(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        LogPath = Path.Combine(directory, "go-calls.log");
        string script = Path.Combine(directory, "go");
        File.WriteAllText(script, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{LogPath}'\nexec '{TestRun.RealGo}' \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public string Directory { get; }
    public string LogPath { get; }

    public string[] Calls => File.Exists(LogPath) ? File.ReadAllLines(LogPath) : Array.Empty<string>();

    public int CountOf(string verb) => Calls.Count(c => c == verb || c.StartsWith(verb + " ", StringComparison.Ordinal));

    public void Reset()
    {
        if (File.Exists(LogPath))
            File.Delete(LogPath);
    }
}
