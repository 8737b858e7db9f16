namespace Kickstart.Build.Tasks.Supervision;

/// <summary>How a server is asked to stop.</summary>
public enum ServerStopSignal
{
    /// <summary>SIGTERM: the conventional "please shut down" request.</summary>
    Terminate,

    /// <summary>SIGINT: what Ctrl+C sends, for servers that only handle that.</summary>
    Interrupt,

    /// <summary>No request: kill the process tree at once.</summary>
    Kill,
}
