using System;
using System.Text.RegularExpressions;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Tests.Session;

/// <summary>The lines a service's watch says about its package graph read back by their patterns (the end-to-end tests wait on them).</summary>
public sealed class PackageGraphStatusLinesTests
{
    [Fact]
    public void TheLineOfABatchOutsideTheBuildReadsBackItsSummary()
    {
        string line = WatchStatusLines.NotPartOfTheBuild("1 file changed (internal/apionly/apionly.go)");
        Assert.Equal("kickstart: 1 file changed (internal/apionly/apionly.go) → not part of this server's build, nothing to do", line);
        Match m = Regex.Match(line, WatchStatusLines.NotPartOfTheBuildPattern);
        Assert.Equal("1 file changed (internal/apionly/apionly.go)", m.Groups[1].Value);
        Assert.Matches(WatchStatusLines.ChangesPattern, line);
    }

    [Fact]
    public void TheListingLineReadsBackItsCountAndTime()
    {
        string line = WatchStatusLines.PackagesListed(4, TimeSpan.FromMilliseconds(151.6));
        Assert.Equal("kickstart: the server's build holds 4 package(s) besides the standard library (go list -deps, 152 ms)", line);
        Match m = Regex.Match(line, WatchStatusLines.PackagesListedPattern);
        Assert.Equal(new[] { "4", "152" }, new[] { m.Groups[1].Value, m.Groups[2].Value });
    }
}
