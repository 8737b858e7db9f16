using System;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// How <see cref="ServerSupervisor"/> gets a server process running: the one step a debugger-hosted server (Delve)
/// does differently. Everything around it (staging, probing, stopping, reporting the exit) stays the supervisor's.
/// </summary>
internal interface IServerStarter
{
    /// <summary>Starts the server; throws <see cref="System.ComponentModel.Win32Exception"/>, <see cref="System.IO.IOException"/>
    /// or <see cref="InvalidOperationException"/> when it cannot be started.</summary>
    IRunningServer Start(ServerStartInfo info, Action<ServerOutputLine> onOutput);
}

/// <summary>The default: Kickstart's launcher runs the binary in a process group of its own (<see cref="ServerProcess"/>).</summary>
internal sealed class LauncherServerStarter : IServerStarter
{
    public static readonly LauncherServerStarter Instance = new();

    public IRunningServer Start(ServerStartInfo info, Action<ServerOutputLine> onOutput) => ServerProcess.Start(info, onOutput);
}
