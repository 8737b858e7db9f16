using System.Diagnostics;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>How a program is started inside a process group of its own on this platform (see <see cref="IProcessGroup"/>).</summary>
internal interface IProcessGroupStarter
{
    /// <summary>Turns the start of <paramref name="program"/> into one that creates the group (Unix: the launcher runs it).</summary>
    void Prepare(ProcessStartInfo startInfo, string program);

    /// <summary>The group of a process just started from a prepared start info. It also decides what becomes of the
    /// process's stdin, which was redirected for it.</summary>
    IProcessGroup Adopt(Process process);
}
