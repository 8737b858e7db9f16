using System;
using System.Linq;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>What a finished command printed and how it ended.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>For assertion messages: the command and its output.</summary>
    public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode})\n{Output}";

    public string[] Lines => Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>A .NET stack trace in the output means a crash surfaced to the user instead of a KS error.</summary>
    public bool HasStackTrace => Lines.Any(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && l.Contains(") in ", StringComparison.Ordinal))
        || Output.Contains("Unhandled exception", StringComparison.Ordinal)
        || Lines.Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+at [\w.`<>]+\.[\w<>]+\("));
}
