using System;
using System.IO;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

/// <summary>What a rebuild re-reads of the Go sources for //go:embed: only what changed.</summary>
public sealed class EmbedDirectiveCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EmbedDirectiveCache _cache = new();

    public void Dispose() => _dir.Dispose();

    private const string WithDirective = "package main\n\nimport _ \"embed\"\n\n//go:embed page.html\nvar page string\n";

    [Fact]
    public void AFileIsReadOnceWhileItsSizeAndTimeStayTheSame()
    {
        string source = _dir.Write("main.go", WithDirective);
        Assert.Equal(new[] { "page.html" }, _cache.PatternsOf(source, knownUnchanged: false, out bool first));
        Assert.True(first);
        Assert.Equal(new[] { "page.html" }, _cache.PatternsOf(source, knownUnchanged: false, out bool second));
        Assert.False(second);
        Assert.Equal(1, _cache.Reads);
    }

    [Fact]
    public void AnEditIsReadAgainAndSaysWhetherTheDirectivesChanged()
    {
        string source = _dir.Write("main.go", WithDirective);
        _cache.PatternsOf(source, knownUnchanged: false, out _);

        // Another line, same directives: read again (the size changed), nothing to say.
        File.WriteAllText(source, WithDirective + "\nfunc f() {}\n");
        Assert.Equal(new[] { "page.html" }, _cache.PatternsOf(source, knownUnchanged: false, out bool sameDirectives));
        Assert.False(sameDirectives);

        File.WriteAllText(source, WithDirective.Replace("page.html", "static"));
        Assert.Equal(new[] { "static" }, _cache.PatternsOf(source, knownUnchanged: false, out bool newDirective));
        Assert.True(newDirective);
        Assert.Equal(3, _cache.Reads);
    }

    [Fact]
    public void AFileTheCallerKnowsUnchangedIsNotLookedAt()
    {
        string source = _dir.Write("main.go", WithDirective);
        _cache.PatternsOf(source, knownUnchanged: false, out _);

        // The watch's fast path vouches for it: what was read stands, even though the file is different now.
        File.WriteAllText(source, "package main\n");
        Assert.Equal(new[] { "page.html" }, _cache.PatternsOf(source, knownUnchanged: true, out bool changed));
        Assert.False(changed);
        Assert.Equal(1, _cache.Reads);

        // Unknown to the cache: read, whatever the caller says.
        string other = _dir.Write("other.go", WithDirective);
        Assert.Equal(new[] { "page.html" }, _cache.PatternsOf(other, knownUnchanged: true, out _));
        Assert.Equal(2, _cache.Reads);
    }

    [Fact]
    public void AMissingFileHasNoDirectives()
    {
        Assert.Empty(_cache.PatternsOf(_dir.At("gone.go"), knownUnchanged: false, out _));
        Assert.Equal(0, _cache.Reads);
    }
}
