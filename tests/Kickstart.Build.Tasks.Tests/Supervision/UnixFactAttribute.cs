using System;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>A fact that drives real /bin/sh scripts and POSIX signals, so it is skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Needs /bin/sh and POSIX signals.";
        }
    }
}
