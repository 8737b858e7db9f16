using Kickstart.Benchmarks.Fixtures;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>12. What Go's version-control stamping costs a build of the large module (a git repository): `go build` with and without `-buildvcs=false`.</summary>
internal sealed record BuildVcsResult
{
    public Series WithStamping { get; } = new("go build -ldflags \"-w\" (default -buildvcs=auto: runs git)");
    public Series WithoutStamping { get; } = new("go build -ldflags \"-w\" -buildvcs=false");

    public double Gain => WithStamping.Median - WithoutStamping.Median;
}

internal sealed class BuildVcs
{
    private readonly BenchmarkContext _context;

    public BuildVcs(BenchmarkContext context) => _context = context;

    /// <summary>n one-line edits each way, alternating (so that drift in the machine's speed hits both alike).</summary>
    public BuildVcsResult Run(GoModule module)
    {
        var result = new BuildVcsResult();
        BenchmarkContext.Log($"12. -buildvcs on the large module (git repository): go build after a 1-line edit with and without -buildvcs=false ({_context.N} each)");
        string go = _context.Workspace.RealGo;
        BenchmarkContext.MustRun(module.GoBuild(go), "12: go build");
        for (int i = 0; i < _context.N; i++)
        {
            bool stampFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++)
            {
                bool stamp = (k == 0) == stampFirst;
                module.WriteInPlace(_context.Unique($"vcs-{i}-{k}"));
                double ms = BenchmarkContext.MustRun(module.GoBuild(go, stamp ? null : LargeModuleReloads.WatchFlags), "12: go build").ElapsedMs;
                (stamp ? result.WithStamping : result.WithoutStamping).Add(ms);
            }
        }
        BenchmarkContext.Log($"   {result.WithStamping}\n   {result.WithoutStamping}");
        return result;
    }
}
