using System;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>A fact that reads Linux's /proc, so it is skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Reads /proc.";
        }
    }
}
