using System;
using System.Collections.Generic;
using Kickstart.Benchmarks.Measurements;

namespace Kickstart.Benchmarks;

/// <summary>
/// Everything one run produced, for the reporter: each measurement's record as it completes (an empty one for a
/// measurement that did not run or failed, so the report keeps its shape), the notes and leaks, the interference marks.
/// </summary>
internal sealed class BenchmarkResults
{
    public BenchmarkResults(BenchmarkOptions options, string commandLine)
    {
        Options = options;
        N = options.N;
        CommandLine = commandLine;
        ProxyOnly = options.ProxyOnly;
        DevProxy = new DevProxyResult(new DevProxyPlan(N));
    }

    public BenchmarkOptions Options { get; }

    public int N { get; }
    public string CommandLine { get; }
    /// <summary>`--proxy`: only measurement 10 ran.</summary>
    public bool ProxyOnly { get; }
    public DateTime StartedAt { get; } = DateTime.UtcNow;
    public TimeSpan Duration { get; set; }
    /// <summary>Which SDK package was measured (this tree's, a directory's, a commit's), for the report's first lines.</summary>
    public string Package { get; set; } = "";
    /// <summary>The go the figures were made with, for the machine line.</summary>
    public string Go { get; set; } = "go";

    public FloorResult Floor { get; set; } = new();
    public DotnetBuildResult DotnetBuild { get; set; } = new();
    public EditToServingResult EditToServing { get; set; } = new();
    public BurstResult Burst { get; set; } = new();
    public IdleCpuResult IdleCpu { get; set; } = IdleCpuResult.NotMeasured;
    public MemoryResult Memory { get; set; } = MemoryResult.NotMeasured;
    public StartupResult Startup { get; set; } = new();
    public LargeTreeResult LargeTree { get; set; } = new();
    public DevProxyResult DevProxy { get; set; }
    public LargeModuleResult LargeModule { get; set; } = new();
    public BuildVcsResult BuildVcs { get; set; } = new();
    public SmallServerResult SmallServer { get; set; } = new();
    public TwoServiceResult TwoServices { get; set; } = new();
    public ContentEditsResult Content { get; set; } = new();

    public List<string> Notes { get; } = new();
    public List<string> Leaks { get; } = new();
    public IReadOnlyList<(string Phase, double CpuPercent, string Top)> Interference { get; set; } = Array.Empty<(string, double, string)>();
}
