using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// Reads Linux's /proc: a process's start time and process group from /proc/&lt;pid&gt;/stat, and the owner of a
/// listening port by following the socket's inode from /proc/net/tcp and tcp6 to a /proc/&lt;pid&gt;/fd link.
/// Another user's descriptors are unreadable, so their sockets cannot be attributed.
/// </summary>
internal sealed class LinuxProcessInspector : IProcessInspector
{
    /// <summary>TCP state LISTEN in /proc/net/tcp (include/net/tcp_states.h).</summary>
    private const string ListenState = "0A";

    private readonly string _root;
    private readonly Lazy<string?> _bootId;

    /// <param name="root">Where /proc is: a test points it at a tree of its own.</param>
    internal LinuxProcessInspector(string root = "/proc")
    {
        _root = root;
        _bootId = new Lazy<string?>(() => ReadOrNull(Path.Combine(_root, "sys", "kernel", "random", "boot_id"))?.Trim());
    }

    public string? BootId => _bootId.Value;

    public long? StartTimeOf(int pid) => ReadStat(pid) is { IsZombie: false } stat ? stat.StartTime : null;

    public IReadOnlyList<InspectedProcess>? MembersOfGroup(int group)
    {
        var members = new List<InspectedProcess>();
        foreach (int pid in Pids())
        {
            if (ReadStat(pid) is { IsZombie: false } stat && stat.Group == group)
            {
                members.Add(new InspectedProcess(pid, CommandOf(pid, stat), stat.StartTime));
            }
        }

        return members;
    }

    public InspectedProcess? ListenerOn(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string table in new[] { "tcp", "tcp6" })
        {
            string? text = ReadOrNull(Path.Combine(_root, "net", table));
            if (text is not null)
            {
                inodes.UnionWith(ListeningSocketInodes(text, port));
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        var links = new HashSet<string>(inodes.Select(inode => "socket:[" + inode + "]"), StringComparer.Ordinal);
        foreach (int pid in Pids())
        {
            if (HoldsAny(pid, links) && ReadStat(pid) is { IsZombie: false } stat)
            {
                return new InspectedProcess(pid, CommandOf(pid, stat), stat.StartTime);
            }
        }

        return null;
    }

    /// <summary>The inodes of the sockets listening on <paramref name="port"/> in the text of /proc/net/tcp or tcp6.</summary>
    internal static IEnumerable<string> ListeningSocketInodes(string table, int port)
    {
        // "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
        // "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 ..."
        foreach (string line in table.Split('\n').Skip(1))
        {
            string[] fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != ListenState)
            {
                continue;
            }

            int colon = fields[1].LastIndexOf(':');
            if (colon >= 0
                && int.TryParse(fields[1].Substring(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int localPort)
                && localPort == port
                && fields[9] != "0")
            {
                yield return fields[9];
            }
        }
    }

    /// <summary>The fields of /proc/&lt;pid&gt;/stat this class needs; null when the text is not such a line.</summary>
    internal static ProcessStat? ParseStat(string stat)
    {
        // "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        //  priority nice num_threads itrealvalue starttime ...": comm may hold spaces and parentheses, so split at the last ')'.
        int open = stat.IndexOf('(');
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        string[] fields = stat.Substring(close + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int group)
            || !long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out long startTime))
        {
            return null;
        }

        bool zombie = fields[0] == "Z" || fields[0] == "X";
        return new ProcessStat(stat.Substring(open + 1, close - open - 1), group, startTime, zombie);
    }

    internal sealed record ProcessStat(string Name, int Group, long StartTime, bool IsZombie);

    private ProcessStat? ReadStat(int pid) =>
        pid > 0 && ReadOrNull(Path.Combine(_root, pid.ToString(CultureInfo.InvariantCulture), "stat")) is { } text ? ParseStat(text) : null;

    private string CommandOf(int pid, ProcessStat stat)
    {
        // The command line says more than the 15-character name ("python3 -m http.server 8080" against "python3").
        string? cmdline = ReadOrNull(Path.Combine(_root, pid.ToString(CultureInfo.InvariantCulture), "cmdline"));
        string command = cmdline is null ? "" : string.Join(" ", cmdline.Split(new[] { '\0' }, StringSplitOptions.RemoveEmptyEntries));
        if (command.Length == 0)
        {
            return stat.Name;
        }

        return command.Length <= 200 ? command : command.Substring(0, 200) + "…";
    }

    private bool HoldsAny(int pid, HashSet<string> links)
    {
        try
        {
            foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(_root, pid.ToString(CultureInfo.InvariantCulture), "fd")))
            {
                if (new FileInfo(fd).LinkTarget is { } target && links.Contains(target))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's process, or one that exited while it was read.
        }

        return false;
    }

    private IEnumerable<int> Pids()
    {
        IEnumerable<string> directories;
        try
        {
            directories = Directory.EnumerateDirectories(_root).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (string directory in directories)
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                yield return pid;
            }
        }
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
