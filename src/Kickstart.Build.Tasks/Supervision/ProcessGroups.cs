using System;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Picks how servers are grouped on the operating system MSBuild is running on.</summary>
internal static class ProcessGroups
{
    /// <param name="launcher">Kickstart's launcher (kickstart-launcher, built by the SDK); needed on Unix.</param>
    internal static IProcessGroupStarter ForCurrentPlatform(string? launcher)
    {
        if (OperatingSystem.IsWindows())
        {
            return new JobObjectProcessGroup.Starter();
        }

        if (string.IsNullOrEmpty(launcher))
        {
            throw new ArgumentException("On Unix a server starts through Kickstart's launcher; none was given.", nameof(launcher));
        }

        return new LauncherProcessGroup.Starter(launcher!);
    }
}
