using System.Linq;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>2. `dotnet build` with nothing changed (go must not even start) and after a one-line edit.</summary>
internal sealed record DotnetBuildResult
{
    public Series NoOp { get; } = new("dotnet build, nothing changed");
    public Series Change { get; } = new("dotnet build after a 1-line edit");
    /// <summary>How often `go` started during the no-op builds; -1 when not measured.</summary>
    public int NoOpGoCalls { get; init; } = -1;
    public int ChangeGoCalls { get; init; } = -1;
    public string NoOpGoCallList { get; init; } = "";
}

internal sealed class DotnetBuild
{
    private readonly BenchmarkContext _context;

    public DotnetBuild(BenchmarkContext context) => _context = context;

    public DotnetBuildResult Run()
    {
        int n = _context.N;
        Workspace ws = _context.Workspace;
        var result = new DotnetBuildResult();
        BenchmarkContext.Log($"2. dotnet build: no-op and after a one-line edit ({n} each), a recording go first on PATH");
        // The recording go's path is part of the inputs cache (the toolchain path), so every build here uses it.
        _context.DotnetBuild(recordGo: true, "priming");
        ws.ResetGoCalls();
        for (int i = 0; i < n; i++)
            result.NoOp.Add(_context.DotnetBuild(recordGo: true, "no-op").ElapsedMs);
        int noOpGoCalls = ws.GoCallCount();
        string noOpGoCallList = string.Join("; ", ws.GoCalls().Distinct());
        ws.ResetGoCalls();
        for (int i = 0; i < n; i++)
        {
            ws.WriteInPlace(_context.Unique($"dotnet-build-{i}"));
            result.Change.Add(_context.DotnetBuild(recordGo: true, "after an edit").ElapsedMs);
        }
        int changeGoCalls = ws.GoCallCount();
        BenchmarkContext.Log($"   {result.NoOp}; go started {noOpGoCalls} time(s)\n   {result.Change}; go started {changeGoCalls} time(s)");
        return result with { NoOpGoCalls = noOpGoCalls, ChangeGoCalls = changeGoCalls, NoOpGoCallList = noOpGoCallList };
    }
}
