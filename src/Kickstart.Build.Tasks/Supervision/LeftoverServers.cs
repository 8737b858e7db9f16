using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Kickstart.Build.Tasks.Native;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>What became of a server an earlier watch noted in its <see cref="ServerRecord"/>.</summary>
internal enum LeftoverKind
{
    /// <summary>Nothing of it runs any more: only the record (and the staged binary) are left to delete.</summary>
    Gone,

    /// <summary>The watch that started it still runs (a second watch of the same project): not ours to touch.</summary>
    OwnedByALiveWatch,

    /// <summary>Its process group still runs, and every process in it started after the group's leader: ours to stop.</summary>
    StillRunning,

    /// <summary>The group id names processes that started before the recorded leader: the id was reused, they are not ours.</summary>
    Reused,

    /// <summary>This platform cannot tell what runs in the group; it is left alone.</summary>
    Unverifiable,
}

/// <summary>
/// At the start of a watch: stops what an earlier watch of the same project left running (the records in the staging
/// directory say what it ran) and, when the server's port is still taken, names what holds it. The launcher's lifeline
/// normally takes a server down with its watch, so a leftover means that lifeline was cut too (the launcher killed
/// along with the build, or a Kickstart from before the launcher).
/// </summary>
internal sealed class LeftoverServers
{
    /// <summary>How long a leftover that ignored its stop signal may take to die of SIGKILL.</summary>
    private static readonly TimeSpan KillDeadline = TimeSpan.FromSeconds(2);

    private readonly IProcessInspector _inspector;
    private readonly Action<string> _say;

    internal LeftoverServers(IProcessInspector inspector, Action<string> say)
    {
        _inspector = inspector;
        _say = say;
    }

    internal static IProcessInspector InspectorForCurrentPlatform() =>
        OperatingSystem.IsLinux() ? new LinuxProcessInspector() : new UnavailableProcessInspector();

    /// <summary>What became of the server in <paramref name="record"/>, and its live processes.</summary>
    internal (LeftoverKind Kind, IReadOnlyList<InspectedProcess> Members) Classify(ServerRecord record)
    {
        bool sameBoot = record.BootId is not null && record.BootId == _inspector.BootId;
        if (sameBoot && record.WatchStartTime is long watchStarted && _inspector.StartTimeOf(record.Watch) == watchStarted)
        {
            return (LeftoverKind.OwnedByALiveWatch, Array.Empty<InspectedProcess>());
        }

        IReadOnlyList<InspectedProcess>? members = _inspector.MembersOfGroup(record.Group);
        if (members is null)
        {
            return (GroupExists(record.Group) ? LeftoverKind.Unverifiable : LeftoverKind.Gone, Array.Empty<InspectedProcess>());
        }

        if (members.Count == 0)
        {
            return (LeftoverKind.Gone, members);
        }

        // A group id is never reused while the group exists, and everything in the group descends from its leader, so a
        // member that started before the recorded leader means the id now belongs to someone else.
        bool ours = sameBoot && record.GroupStartTime is long groupStarted && members.All(m => m.StartTime >= groupStarted);
        return (ours ? LeftoverKind.StillRunning : LeftoverKind.Reused, members);
    }

    /// <summary>Deals with every record in <paramref name="directory"/>: stops the servers still running (the stop signal,
    /// then SIGKILL after <paramref name="timeout"/>), deletes the records of servers that are gone, and their binaries.</summary>
    internal void StopAll(string directory, ServerStopSignal signal, TimeSpan timeout)
    {
        foreach (string file in ServerRecord.FilesIn(directory))
        {
            if (ServerRecord.TryRead(file) is not { } record)
            {
                ServerRecord.TryDelete(file);
                continue;
            }

            (LeftoverKind kind, IReadOnlyList<InspectedProcess> members) = Classify(record);
            switch (kind)
            {
                case LeftoverKind.OwnedByALiveWatch:
                    continue;
                case LeftoverKind.Unverifiable:
                    _say(WatchStatusLines.LeftoverUnverifiable(record.Group + PortText(record)));
                    continue;
                case LeftoverKind.StillRunning:
                    Stop(record, members, signal, timeout);
                    break;
            }

            ServerRecord.TryDelete(file);
            // Still running from it is harmless (a deleted file stays readable to whoever has it open), and it must go.
            if (IsInside(record.Binary, directory))
            {
                ServerRecord.TryDelete(record.Binary);
            }
        }
    }

    /// <summary>What listens on <paramref name="port"/> of <paramref name="host"/>, when something does; null when the
    /// port is free (or the host is not one Kickstart can bind to check). The process is null when it cannot be told.</summary>
    internal PortHolder? FindHolder(string host, int port)
    {
        IPAddress? address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? parsed) ? parsed : null;
        if (address is null || !IsTaken(address, port))
        {
            return null;
        }

        return new PortHolder(port, _inspector.ListenerOn(port));
    }

    private void Stop(ServerRecord record, IReadOnlyList<InspectedProcess> members, ServerStopSignal signal, TimeSpan timeout)
    {
        string what = $"the server an earlier watch left running (process group {record.Group}{PortText(record)}: "
            + string.Join(", ", members.Select(m => $"PID {m.Pid} {m.Command}")) + ")";
        if (signal != ServerStopSignal.Kill && PosixProcessSignals.Kill(-record.Group, SignalNumber(signal)) == 0 && WaitUntilEmpty(record, timeout))
        {
            _say(WatchStatusLines.LeftoverStopped(what));
            return;
        }

        PosixProcessSignals.Kill(-record.Group, PosixProcessSignals.SIGKILL);
        _say(WaitUntilEmpty(record, KillDeadline) ? WatchStatusLines.LeftoverKilled(what) : WatchStatusLines.LeftoverNotStopped(what));
    }

    private bool WaitUntilEmpty(ServerRecord record, TimeSpan deadline)
    {
        long started = Stopwatch.GetTimestamp();
        while (_inspector.MembersOfGroup(record.Group) is { Count: > 0 })
        {
            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    private static bool GroupExists(int group) => !OperatingSystem.IsWindows() && PosixProcessSignals.Kill(-group, 0) == 0;

    private static int SignalNumber(ServerStopSignal signal) => signal == ServerStopSignal.Interrupt ? PosixProcessSignals.SIGINT : PosixProcessSignals.SIGTERM;

    private static string PortText(ServerRecord record) => record.Port is int port ? $", port {port}" : "";

    private static bool IsInside(string path, string directory)
    {
        string full = Path.GetFullPath(path);
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    // A bind that fails with "in use" is the truth the server would meet. SO_REUSEADDR, as Go's net.Listen sets it, so a
    // port with connections in TIME_WAIT from a server that just stopped does not count as taken.
    private static bool IsTaken(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // (On Windows the same option would let the bind take over a port another socket listens on.)
            if (!OperatingSystem.IsWindows())
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
            return false;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse;
        }
    }
}

/// <summary>Something listens on the server's port; <paramref name="Process"/> says what, when that can be told.</summary>
internal sealed record PortHolder(int Port, InspectedProcess? Process)
{
    /// <summary>"process 4242 (python3 -m http.server 8080)", or why it cannot be named.</summary>
    internal string Describe() =>
        Process is { } process ? $"process {process.Pid} ({process.Command})"
        : OperatingSystem.IsLinux() ? "a process Kickstart could not identify (one of another user, whose sockets it cannot see)"
        : $"a process Kickstart cannot identify on this system ('lsof -nP -iTCP:{Port} -sTCP:LISTEN' names it)";
}
