using System;
using System.IO;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class GoToolchainLocatorTests
{
    private static readonly string GoName = OperatingSystem.IsWindows() ? "go.exe" : "go";

    private static string FakeGo(TempDirectory dir, string directory, string content = "#!/bin/sh\necho fake go\n")
    {
        string path = dir.Write(directory + "/" + GoName, content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }

    private static string PathOf(params string[] directories) => string.Join(Path.PathSeparator, directories);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoPathFindsNothing(string? path)
    {
        Assert.Null(GoToolchainLocator.FindOnPath(path));
    }

    [Fact]
    public void FindsTheGoExecutableOnPath()
    {
        using var dir = new TempDirectory();
        string go = FakeGo(dir, "tools/bin");

        Assert.Equal(go, GoToolchainLocator.FindOnPath(PathOf(dir.CreateDirectory("empty"), dir.At("tools/bin"))));
    }

    [Fact]
    public void FirstDirectoryOnPathWins()
    {
        using var dir = new TempDirectory();
        string first = FakeGo(dir, "a");
        FakeGo(dir, "b");

        Assert.Equal(first, GoToolchainLocator.FindOnPath(PathOf(dir.At("a"), dir.At("b"))));
    }

    [Fact]
    public void MissingEmptyAndQuotedEntriesAreHandled()
    {
        using var dir = new TempDirectory();
        string go = FakeGo(dir, "go tools/bin");

        string path = PathOf(dir.At("does-not-exist"), "", "\"" + dir.At("go tools/bin") + "\"");

        Assert.Equal(go, GoToolchainLocator.FindOnPath(path));
    }

    [Fact]
    public void DirectoryNamedGoIsNotTheExecutable()
    {
        // $HOME on PATH with the default GOPATH ~/go in it.
        using var dir = new TempDirectory();
        dir.CreateDirectory("home/" + GoName);
        string go = FakeGo(dir, "usr/bin");

        Assert.Equal(go, GoToolchainLocator.FindOnPath(PathOf(dir.At("home"), dir.At("usr/bin"))));
    }

    [Fact]
    public void PathWithoutGoFindsNothing()
    {
        using var dir = new TempDirectory();
        dir.Write("bin/gofmt", "");

        Assert.Null(GoToolchainLocator.FindOnPath(PathOf(dir.At("bin"), dir.At("nothing"))));
    }

    [Fact]
    public void DescribesTheDebianGoThroughItsLink()
    {
        // The machine's Go 1.19: /usr/bin/go -> ../lib/go-1.19/bin/go, with /usr/lib/go-1.19/VERSION.
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/go") || !Directory.Exists("/usr/lib/go-1.19"))
            return;

        GoToolchain toolchain = GoToolchainLocator.Describe("/usr/bin/go");

        Assert.Equal("/usr/bin/go", toolchain.GoTool);
        Assert.Equal("/usr/lib/go-1.19", toolchain.GoRoot);
        Assert.NotNull(toolchain.Version);
        Assert.StartsWith("go1.", toolchain.Version);
        Assert.DoesNotContain("\n", toolchain.Version);
    }

    [Fact]
    public void GoRootIsAboveBinAndTheVersionIsTheFirstLineOfVersion()
    {
        using var dir = new TempDirectory();
        string go = FakeGo(dir, "go1.22/bin");
        dir.Write("go1.22/VERSION", "go1.22.3\ntime 2024-05-01T19:56:47Z\n");

        GoToolchain toolchain = GoToolchainLocator.Describe(go);

        Assert.Equal(go, toolchain.GoTool);
        Assert.Equal(dir.At("go1.22"), toolchain.GoRoot);
        Assert.Equal("go1.22.3", toolchain.Version);
    }

    [Fact]
    public void LinkToGoIsFollowedToItsGoRoot()
    {
        if (OperatingSystem.IsWindows())
            return; // creating symbolic links needs a privilege there
        using var dir = new TempDirectory();
        string go = FakeGo(dir, "lib/go-1.21/bin");
        dir.Write("lib/go-1.21/VERSION", "go1.21.13");
        dir.CreateDirectory("usr/bin");
        string link = dir.At("usr/bin/go");
        File.CreateSymbolicLink(link, Path.Combine("..", "..", "lib", "go-1.21", "bin", "go"));

        GoToolchain toolchain = GoToolchainLocator.Describe(link);

        Assert.Equal(link, toolchain.GoTool);
        Assert.Equal(dir.At("lib/go-1.21"), toolchain.GoRoot);
        Assert.Equal("go1.21.13", toolchain.Version);
        Assert.True(File.Exists(go));
    }

    [Fact]
    public void WithoutVersionFileTheVersionNamesSizeAndTime()
    {
        using var dir = new TempDirectory();
        string go = FakeGo(dir, "goroot/bin", "12345");

        GoToolchain toolchain = GoToolchainLocator.Describe(go);

        Assert.Equal(dir.At("goroot"), toolchain.GoRoot);
        Assert.NotNull(toolchain.Version);
        Assert.StartsWith("unknown (go 5 bytes, ", toolchain.Version);
    }

    [Fact]
    public void GoOutsideABinDirectoryHasNoGoRoot()
    {
        using var dir = new TempDirectory();
        string go = FakeGo(dir, "tools");
        dir.Write("VERSION", "go1.22.3");

        GoToolchain toolchain = GoToolchainLocator.Describe(go);

        Assert.Null(toolchain.GoRoot);
        Assert.StartsWith("unknown (go ", toolchain.Version);
    }

    [Fact]
    public void MissingGoHasNoVersion()
    {
        using var dir = new TempDirectory();

        GoToolchain toolchain = GoToolchainLocator.Describe(dir.At("nothing/bin/go"));

        Assert.Equal(dir.At("nothing"), toolchain.GoRoot);
        Assert.Null(toolchain.Version);
    }
}
