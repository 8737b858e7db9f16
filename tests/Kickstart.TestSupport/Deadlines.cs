using System;

namespace Kickstart.TestSupport;

/// <summary>Upper bounds for waits on conditions. Generous because CI machines stall; tests finish far sooner.</summary>
public static class Deadlines
{
    public static readonly TimeSpan Condition = TimeSpan.FromSeconds(20);

    /// <summary>A stop timeout long enough that reaching it means the signal did not work.</summary>
    public static readonly TimeSpan UnreachedStopTimeout = TimeSpan.FromSeconds(30);
}
