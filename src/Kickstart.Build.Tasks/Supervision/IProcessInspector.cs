using System.Collections.Generic;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>A process as the process table shows it.</summary>
/// <param name="StartTime">When it started, in the platform's own units since boot: comparable within one boot only.</param>
internal sealed record InspectedProcess(int Pid, string Command, long StartTime);

/// <summary>
/// What the operating system can tell about processes that are not this watch's children: enough to recognise a
/// server an earlier watch left running, and to name what holds a port. Linux reads /proc
/// (<see cref="LinuxProcessInspector"/>); elsewhere nothing can be told (<see cref="UnavailableProcessInspector"/>)
/// and callers say so rather than guess.
/// </summary>
internal interface IProcessInspector
{
    /// <summary>Identifies the current boot (start times of another boot mean nothing); null when unknown.</summary>
    string? BootId { get; }

    /// <summary>When <paramref name="pid"/> started; null when there is no such live process, or the platform cannot tell.</summary>
    long? StartTimeOf(int pid);

    /// <summary>The live processes (zombies excluded) of process group <paramref name="group"/>; null when the platform cannot list them.</summary>
    IReadOnlyList<InspectedProcess>? MembersOfGroup(int group);

    /// <summary>A process with a TCP socket listening on <paramref name="port"/>; null when none can be identified
    /// (none found, or it belongs to another user, or the platform cannot tell).</summary>
    InspectedProcess? ListenerOn(int port);
}

/// <summary>Platforms without /proc: nothing can be told.</summary>
internal sealed class UnavailableProcessInspector : IProcessInspector
{
    public string? BootId => null;

    public long? StartTimeOf(int pid) => null;

    public IReadOnlyList<InspectedProcess>? MembersOfGroup(int group) => null;

    public InspectedProcess? ListenerOn(int port) => null;
}
