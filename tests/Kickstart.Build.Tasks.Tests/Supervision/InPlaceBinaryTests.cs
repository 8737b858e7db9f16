using System;
using System.Diagnostics;
using System.IO;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Build.Tasks.Tests.Session;
using Kickstart.TestSupport;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>
/// The server runs from the build output itself on Unix: what the go command does to a binary that is running (it
/// replaces the file, the process keeps its own), and the build ID that says "unchanged" without comparing the bytes.
/// Real go builds (Go 1.19 and later) in a temporary module.
/// </summary>
public sealed class InPlaceBinaryTests
{
    private const string Program = """
        package main

        import (
        	"fmt"
        	"os"
        	"time"
        )

        const message = "MESSAGE"

        func main() {
        	fmt.Println(message)
        	if len(os.Args) > 1 {
        		time.Sleep(time.Minute)
        	}
        }
        """;

    private sealed class Module : IDisposable
    {
        private readonly TempDirectory _directory = new("kickstart-inplace-");

        public Module()
        {
            _directory.Write("go.mod", "module example.test/inplace\n\ngo 1.19\n");
            Output = _directory.At("bin/Debug/server");
        }

        public string Output { get; }

        /// <summary>`go build -o bin/Debug/server .` as the watch runs it (-ldflags=-w).</summary>
        public void Build(string message, string comment = "")
        {
            _directory.Write("main.go", Program.Replace("MESSAGE", message) + comment + "\n");
            var psi = new ProcessStartInfo(SearchPath.Find("go") ?? "go", "build -buildvcs=false -ldflags=-w -o " + Output + " .")
            {
                WorkingDirectory = _directory.Path,
                RedirectStandardError = true,
            };
            using Process go = Process.Start(psi)!;
            string errors = go.StandardError.ReadToEnd();
            Assert.True(go.WaitForExit(120_000), "go build did not end");
            Assert.True(go.ExitCode == 0, errors);
        }

        public void Dispose() => _directory.Dispose();
    }

    [UnixFact]
    public void GoReplacesARunningBinaryWhichRunsOnAndTheBuildIdTellsWhetherTheContentChanged()
    {
        using var module = new Module();
        module.Build("v1");
        InPlaceBinary running = InPlaceBinary.Of(module.Output);
        using Process server = Process.Start(new ProcessStartInfo(running.Path, "wait") { RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("v1", server.StandardOutput.ReadLine());

            // A comment changes no byte of the binary: go leaves it as it is, or writes the same content.
            module.Build("v1", comment: "// a comment");
            Assert.True(running.HasSameContentAs(module.Output));

            module.Build("v2");
            Assert.False(server.HasExited); // the build went through while it ran (no "text file busy")
            Assert.False(running.HasSameContentAs(module.Output));
            Assert.True(InPlaceBinary.Of(module.Output).HasSameContentAs(module.Output));
            if (OperatingSystem.IsLinux())
                Assert.Equal(module.Output + " (deleted)", new FileInfo($"/proc/{server.Id}/exe").LinkTarget);
        }
        finally
        {
            server.Kill();
            server.WaitForExit();
        }
        using Process fresh = Process.Start(new ProcessStartInfo(module.Output) { RedirectStandardOutput = true })!;
        Assert.Equal("v2", fresh.StandardOutput.ReadLine());
        fresh.WaitForExit();
    }

    [UnixFact]
    public void TheBuildIdIsTheOneTheGoCommandReads()
    {
        using var module = new Module();
        module.Build("v1");
        var psi = new ProcessStartInfo(SearchPath.Find("go") ?? "go", "tool buildid " + module.Output) { RedirectStandardOutput = true };
        using Process tool = Process.Start(psi)!;
        string expected = tool.StandardOutput.ReadToEnd().Trim();
        tool.WaitForExit();

        Assert.Equal(expected, GoBuildId.Read(module.Output));
        Assert.Equal(expected.Substring(expected.LastIndexOf('/') + 1), GoBuildId.ContentIdOf(module.Output));
    }

    [Fact]
    public void TheTextMarkerOfMachOAndPeBinariesIsReadToo()
    {
        using var scratch = new TempDirectory();
        string binary = FakeGoBinary.Write(scratch.At("server"), "v1");

        Assert.StartsWith("link/main/main/", GoBuildId.Read(binary));
        Assert.Equal(64, GoBuildId.ContentIdOf(binary)!.Length);
    }

    [Fact]
    public void AFileWithoutABuildIdIsNeverTakenForUnchanged()
    {
        using var scratch = new TempDirectory();
        string file = scratch.Write("server", "#!/bin/sh\necho not go\n");

        Assert.Null(GoBuildId.Read(file));
        Assert.Null(GoBuildId.Read(scratch.At("missing")));
        Assert.False(InPlaceBinary.Of(file).HasSameContentAs(file));
    }
}
