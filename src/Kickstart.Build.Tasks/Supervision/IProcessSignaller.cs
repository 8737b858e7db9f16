namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Asks a process to stop with a signal, where the platform has signals.</summary>
internal interface IProcessSignaller
{
    /// <summary>False when the signal could not be sent (no such process, or no signals on this platform);
    /// the caller then kills the process tree instead.</summary>
    bool TrySend(int pid, StopSignal signal);
}
