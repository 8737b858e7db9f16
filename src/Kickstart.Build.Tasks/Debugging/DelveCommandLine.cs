using System.Collections.Generic;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>
/// The command that runs the server under Delve: `dlv exec &lt;binary&gt; --headless --listen=&lt;address&gt;
/// --api-version=2 --accept-multiclient -- &lt;server arguments&gt;`. The server's environment and working directory are
/// Delve's own (it passes them on), so whoever starts this process gives it the server's.
/// </summary>
/// <remarks>
/// Never `--continue`: every Delve, the first one too, starts with the server halted before its first instruction,
/// so that the breakpoints of the previous process are set (<see cref="BreakpointSet.RecreateIn"/>) before any request
/// can reach code they guard; then <see cref="DelveClient.Continue"/> lets it run. --accept-multiclient keeps Delve
/// (and the server) alive when an editor disconnects, and lets the watch and the editor be connected at once.
/// </remarks>
internal sealed record DelveCommandLine(string DelvePath, string Binary, string ListenAddress, IReadOnlyList<string> ServerArguments)
{
    public IReadOnlyList<string> Arguments
    {
        get
        {
            var arguments = new List<string>
            {
                "exec", Binary,
                "--headless",
                "--listen=" + ListenAddress,
                "--api-version=2",
                "--accept-multiclient",
            };
            // After "--" everything is the server's, even arguments that look like Delve's flags.
            if (ServerArguments.Count > 0)
            {
                arguments.Add("--");
                arguments.AddRange(ServerArguments);
            }
            return arguments;
        }
    }
}
