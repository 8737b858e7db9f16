using System;
using System.Collections.Generic;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// An environment as a project writes it in one property (GoEnvironment, KickstartServerEnvironment): NAME=value pairs
/// separated by semicolons. A value may be empty (GOFLAGS=), a name may not.
/// </summary>
internal static class EnvironmentList
{
    /// <summary>The pairs in order; false and the first entry without a name and '=' when there is one.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<KeyValuePair<string, string>> entries, out string? badEntry)
    {
        var parsed = new List<KeyValuePair<string, string>>();
        entries = parsed;
        badEntry = null;
        foreach (string raw in (text ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            string entry = raw.Trim();
            if (entry.Length == 0)
                continue;
            int eq = entry.IndexOf('=');
            if (eq <= 0)
            {
                badEntry = entry;
                return false;
            }
            parsed.Add(new KeyValuePair<string, string>(entry.Substring(0, eq), entry.Substring(eq + 1)));
        }
        return true;
    }
}
