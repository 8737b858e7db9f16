using System;
using System.IO;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A go wrapper (for GoToolPath) that can hold one `go build` open after the real go has finished reading the sources
/// and writing the binary: it says so with a marker file and waits until the test releases it (bounded by a deadline
/// in the script). A test saves a file in that window — the moment a save is most easily lost. The marker holds the
/// wrapper's process id, for a test that checks the held build was killed.
/// </summary>
internal sealed class HeldGoBuild
{
    private readonly string _hold;
    private readonly string _held;
    private readonly string _release;

    public HeldGoBuild(string directory)
    {
        Directory.CreateDirectory(directory);
        _hold = Path.Combine(directory, "hold-next-build");
        _held = Path.Combine(directory, "build-held");
        _release = Path.Combine(directory, "release-build");
        ToolPath = Path.Combine(directory, "go");
        // `rm` of the hold file succeeds for one build only. The wait is bounded (60 s) so a failed test never hangs a build.
        File.WriteAllText(ToolPath, $"""
            #!/bin/sh
            '{TestRun.RealGo}' "$@"
            rc=$?
            if [ "$1" = build ] && rm '{_hold}' 2>/dev/null; then
              echo $$ > '{_held}'
              i=0
              while [ ! -e '{_release}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
              rm -f '{_release}'
            fi
            exit $rc

            """.Replace("\r\n", "\n"));
        File.SetUnixFileMode(ToolPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The wrapper, for -p:GoToolPath=….</summary>
    public string ToolPath { get; }

    /// <summary>The next `go build` will be held once it has built.</summary>
    public void HoldNextBuild()
    {
        File.Delete(_held);
        File.WriteAllText(_hold, "");
    }

    /// <summary>Waits until a held `go build` has built and is waiting; false when none was by the deadline.</summary>
    public bool WaitUntilHeld(TimeSpan deadline, Func<bool>? givenUp = null) =>
        Poll.Until(() => File.Exists(_held) || (givenUp?.Invoke() ?? false), deadline) && File.Exists(_held);

    public void Release() => File.WriteAllText(_release, "");

    /// <summary>The process id of the wrapper holding the build (the marker says it); 0 when none was held.</summary>
    public int HeldPid()
    {
        int pid = 0;
        // The marker exists a moment before the shell has written its pid into it.
        Poll.Until(() => File.Exists(_held) && int.TryParse(File.ReadAllText(_held).Trim(), out pid), TimeSpan.FromSeconds(5));
        return pid;
    }
}
