using System;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>KickstartServerSwap: how a new server takes over from the old one.</summary>
public enum ServerSwapMode
{
    /// <summary>Blue/green when the dev proxy runs; the first server that cannot run beside the old one turns it to stop-start for good.</summary>
    Auto,

    /// <summary>Blue/green whenever the dev proxy runs, each new server given the whole ready timeout; one that cannot run beside the old one is started the classic way for that swap only.</summary>
    BlueGreen,

    /// <summary>The old server stops before the new one starts, on the same port (what a watch without the proxy always does).</summary>
    StopStart,
}

/// <summary>Reads KickstartServerSwap as users write it: <c>auto</c>, <c>blue-green</c>, <c>stop-start</c>, any case.</summary>
public static class ServerSwapModeParser
{
    public const string Values = "auto, blue-green or stop-start";

    /// <summary>Empty is <see cref="ServerSwapMode.Auto"/>; false for anything else that is not one of <see cref="Values"/>.</summary>
    public static bool TryParse(string? text, out ServerSwapMode mode)
    {
        mode = ServerSwapMode.Auto;
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "":
            case "auto":
                return true;
            case "blue-green":
                mode = ServerSwapMode.BlueGreen;
                return true;
            case "stop-start":
                mode = ServerSwapMode.StopStart;
                return true;
            default:
                return false;
        }
    }
}
