using System.Collections.Generic;
using System.Linq;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

/// <summary>GoEnvironment and KickstartServerEnvironment are read by this one parser: NAME=value pairs separated by semicolons.</summary>
public sealed class EnvironmentListTests
{
    private static IReadOnlyList<KeyValuePair<string, string>> Parse(string? text)
    {
        Assert.True(EnvironmentList.TryParse(text, out IReadOnlyList<KeyValuePair<string, string>> entries, out string? bad), "bad entry: " + bad);
        return entries;
    }

    [Fact]
    public void PairsInOrderWithTheValueAfterTheFirstEquals()
    {
        var entries = Parse("GOFLAGS=-mod=mod; GOPRIVATE=example.com ;;");
        Assert.Equal(new[] { "GOFLAGS|-mod=mod", "GOPRIVATE|example.com" }, entries.Select(e => e.Key + "|" + e.Value));
    }

    [Fact]
    public void AnEmptyValueIsAValue()
    {
        var entries = Parse("GOFLAGS=;GOWORK=off");
        Assert.Equal(new[] { "GOFLAGS|", "GOWORK|off" }, entries.Select(e => e.Key + "|" + e.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ; ")]
    public void NothingIsAnEmptyEnvironment(string? text) => Assert.Empty(Parse(text));

    [Theory]
    [InlineData("A=1;JUSTANAME;B=2", "JUSTANAME")]
    [InlineData("=value", "=value")]
    public void TheFirstEntryWithoutANameIsReported(string text, string expected)
    {
        Assert.False(EnvironmentList.TryParse(text, out _, out string? bad));
        Assert.Equal(expected, bad);
    }
}
