using System;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Picks the signaller for the operating system MSBuild is running on.</summary>
internal static class ProcessSignallers
{
    internal static IProcessSignaller ForCurrentPlatform() =>
        OperatingSystem.IsWindows() ? new WindowsProcessSignaller() : new PosixProcessSignaller();
}
