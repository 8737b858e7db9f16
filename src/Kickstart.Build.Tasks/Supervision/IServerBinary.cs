using System;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// The file a server runs from, taken from the build output so that the next build can write its output while the
/// server keeps running, and the test of whether a new build changed it (an unchanged build restarts nothing).
/// One strategy per platform: <see cref="InPlaceBinary"/> on Unix, <see cref="StagedBinary"/> on Windows.
/// </summary>
internal interface IServerBinary
{
    /// <summary>What the server is started from.</summary>
    string Path { get; }

    /// <summary>True when <paramref name="builtBinary"/> has the content of the binary this server was started from.</summary>
    bool HasSameContentAs(string builtBinary);

    /// <summary>The binary a restart by hand starts again from (the build output may have been written since).</summary>
    IServerBinary ForRestart();

    /// <summary>Deletes what was made for the server (a staged copy), once no server runs from it.</summary>
    void Discard();
}

/// <summary>Chooses the strategy for the platform the watch runs on.</summary>
internal static class ServerBinaries
{
    /// <summary>The binary to start a server from for <paramref name="builtBinary"/>, the build output of iteration <paramref name="iteration"/>.</summary>
    public static IServerBinary Place(string builtBinary, string stagingDirectory, int iteration) =>
        OperatingSystem.IsWindows()
            ? StagedBinary.Stage(builtBinary, stagingDirectory, iteration)
            : InPlaceBinary.Of(builtBinary);
}
