namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// Windows has no signals for arbitrary processes (console control events need a shared console, which a
/// redirected child does not have), so every stop there goes through the tree kill.
/// </summary>
internal sealed class WindowsProcessSignaller : IProcessSignaller
{
    public bool TrySend(int pid, StopSignal signal) => false;
}
