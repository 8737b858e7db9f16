using System;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>A theory that drives real /bin/sh scripts and POSIX signals, so it is skipped on Windows.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Needs /bin/sh and POSIX signals.";
        }
    }
}
