using System;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>Upper bounds for waits on conditions. Generous because CI machines stall; tests finish far sooner.</summary>
internal static class Deadlines
{
    internal static readonly TimeSpan Condition = TimeSpan.FromSeconds(20);

    /// <summary>A stop timeout long enough that reaching it means the signal did not work.</summary>
    internal static readonly TimeSpan UnreachedStopTimeout = TimeSpan.FromSeconds(30);
}
