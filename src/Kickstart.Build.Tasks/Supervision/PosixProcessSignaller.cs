using System;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Sends real signals with kill(2) on Linux, macOS and the BSDs.</summary>
internal sealed class PosixProcessSignaller : IProcessSignaller
{
    public bool TrySend(int pid, StopSignal signal)
    {
        int number = signal switch
        {
            StopSignal.Terminate => PosixProcessSignals.SIGTERM,
            StopSignal.Interrupt => PosixProcessSignals.SIGINT,
            StopSignal.Kill => PosixProcessSignals.SIGKILL,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown stop signal."),
        };

        // Failure is ESRCH (already gone) or EPERM (not ours); in both cases the kill path decides what is left to do.
        return PosixProcessSignals.Kill(pid, number) == 0;
    }
}
