using System.Collections.Generic;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>Starts a /bin/sh script as the "server", in the test's scratch directory.</summary>
internal static class ShellServer
{
    internal static ServerProcess Start(
        string script, TempDirectory scratch, OutputRecorder output, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ServerStartInfo
        {
            FileName = "/bin/sh",
            Arguments = new[] { "-c", script },
            WorkingDirectory = scratch.Path,
            Launcher = TestLauncher.Path,
            Environment = environment ?? new Dictionary<string, string?>(),
        };
        return ServerProcess.Start(info, output.Record);
    }
}
