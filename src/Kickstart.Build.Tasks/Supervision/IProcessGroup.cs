using System;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// A server and every process it starts, held together: a stop signal reaches all of them at once, and a kill leaves
/// none behind, whatever the server did with its children. On Unix a process group led by Kickstart's launcher
/// (<see cref="LauncherProcessGroup"/>), on Windows a job object (<see cref="JobObjectProcessGroup"/>). Both die with
/// the process that started them, however it ends.
/// </summary>
internal interface IProcessGroup : IDisposable
{
    /// <summary>Sends <paramref name="signal"/> to every process of the group. False when it could not be sent (the group
    /// is gone, or the platform has no signals): the caller then kills the group instead.</summary>
    bool TrySignal(ServerStopSignal signal);

    /// <summary>Kills every process of the group now. Never throws, safe to repeat and after the server's exit (when it
    /// kills what the server left running).</summary>
    void Kill();
}
