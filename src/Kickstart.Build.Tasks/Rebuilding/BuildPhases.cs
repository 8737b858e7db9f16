using System;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Rebuilding;

/// <summary>
/// Where a rebuild's time went: evaluating the project (on the fast path, copying the kept evaluation), the project's
/// targets (everything but the go command) and the go command itself — measured by the rebuild, so that the status
/// line says what is Kickstart's and what is Go's.
/// </summary>
internal sealed record BuildPhases(TimeSpan Evaluate, TimeSpan Targets, TimeSpan GoBuild)
{
    /// <summary>The phases as the status lines show them (<see cref="WatchStatusLines.Phases"/>).</summary>
    public string Describe() => WatchStatusLines.Phases(("evaluate", Evaluate), ("targets", Targets), ("go build", GoBuild));
}
