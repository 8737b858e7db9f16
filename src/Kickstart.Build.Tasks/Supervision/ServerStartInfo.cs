using System;
using System.Collections.Generic;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>What to run as the server. The program is started directly, never through a shell.</summary>
public sealed class ServerStartInfo
{
    public required string FileName { get; init; }

    /// <summary>Passed one by one as the process's argument list, so nothing needs quoting.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = Array.Empty<string>();

    public required string WorkingDirectory { get; init; }

    /// <summary>Variables added to, or overriding, the inherited environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Kickstart's launcher (kickstart-launcher), through which the server starts in a process group of its own.
    /// Required on Unix; Windows uses a job object instead.</summary>
    public string? Launcher { get; init; }

    /// <summary>Where to keep a <see cref="ServerRecord"/> while the server runs (the watch's staging directory), so that
    /// the next watch can recognise a server this one left behind; null: no record.</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>The port the server is given, for the record.</summary>
    public int? Port { get; init; }
}
