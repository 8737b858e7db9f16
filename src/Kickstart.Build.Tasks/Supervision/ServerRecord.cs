using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// What a watch runs, noted in its staging directory for as long as it runs it (one file per server), so that the next
/// watch can recognise a server this one left behind — if it ever does: the launcher's lifeline normally takes the
/// server down with the watch — and stop it (<see cref="LeftoverServers"/>).
/// </summary>
/// <param name="Group">The server's process group (the launcher's pid).</param>
/// <param name="GroupStartTime">When the group's leader started (see <see cref="IProcessInspector"/>); null when unknown.</param>
/// <param name="BootId">The boot those start times belong to; null when unknown.</param>
/// <param name="Watch">The pid of the process that ran the watch.</param>
/// <param name="WatchStartTime">When that process started; null when unknown.</param>
/// <param name="Port">The port the server was given; null when none.</param>
/// <param name="Binary">The staged binary it runs.</param>
internal sealed record ServerRecord(int Group, long? GroupStartTime, string? BootId, int Watch, long? WatchStartTime, int? Port, string Binary)
{
    private const string Extension = ".server";

    /// <summary>The record of the server whose group is <paramref name="group"/>, in <paramref name="directory"/>.</summary>
    internal static string FileIn(string directory, int group) =>
        Path.Combine(directory, "server-" + group.ToString(CultureInfo.InvariantCulture) + Extension);

    internal static IReadOnlyList<string> FilesIn(string directory)
    {
        try
        {
            return Directory.Exists(directory) ? Directory.GetFiles(directory, "server-*" + Extension) : Array.Empty<string>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>Writes the record (a new name, then renamed into place, so a reader never sees half of it). Never throws:
    /// a record that cannot be written only means a leftover could not be recognised later.</summary>
    internal void TryWrite(string path)
    {
        string temporary = path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temporary, Format());
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    /// <summary>The record in <paramref name="path"/>; null when it is missing or not a record.</summary>
    internal static ServerRecord? TryRead(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(text);
    }

    internal static ServerRecord? Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            int eq = line.IndexOf('=');
            if (eq > 0)
            {
                values[line.Substring(0, eq)] = line.Substring(eq + 1).TrimEnd('\r');
            }
        }

        if (Int(values, "group") is not int group || group <= 1 || Int(values, "watch") is not int watch
            || !values.TryGetValue("binary", out string? binary))
        {
            return null;
        }

        return new ServerRecord(group, Long(values, "group-started"), Text(values, "boot"), watch, Long(values, "watch-started"),
            Int(values, "port"), binary);
    }

    internal string Format()
    {
        var text = new StringBuilder();
        void Line(string key, object? value)
        {
            if (value is not null)
            {
                text.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        Line("group", Group);
        Line("group-started", GroupStartTime);
        Line("boot", BootId);
        Line("watch", Watch);
        Line("watch-started", WatchStartTime);
        Line("port", Port);
        Line("binary", Binary);
        return text.ToString();
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next watch to find and clean up.
        }
    }

    private static int? Int(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out string? s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null;

    private static long? Long(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out string? s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;

    private static string? Text(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out string? s) && s.Length > 0 ? s : null;
}
