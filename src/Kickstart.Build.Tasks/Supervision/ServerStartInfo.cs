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
}
