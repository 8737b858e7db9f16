using System;
using System.Collections.Generic;
using System.IO;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A temporary folder holding several projects side by side (a solution, a .NET app and the Go project it references),
/// with one recording go first on PATH for every command run in it. Deleted when the test ends.
/// </summary>
internal sealed class Workspace : IDisposable
{
    private Workspace(string directory)
    {
        Directory = directory;
        Go = new GoCallRecorder(Path.Combine(directory, ".test-tools"));
    }

    public string Directory { get; }
    public GoCallRecorder Go { get; }

    public static Workspace Create(string testName)
    {
        string dir = Path.Combine(TestRun.Root, $"{testName}-{Guid.NewGuid():N}"[..Math.Min(testName.Length + 9, 60)]);
        System.IO.Directory.CreateDirectory(dir);
        return new Workspace(dir);
    }

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    public GoProject AddGoProject(string folder, string name, bool withMain = true) => GoProject.CreateIn(PathOf(folder), name, withMain);

    public CSharpProject AddConsoleApp(string folder, string name, string program) => CSharpProject.CreateConsoleApp(PathOf(folder), name, program);

    public Dictionary<string, string?> Environment() => new()
    {
        ["PATH"] = Go.Directory + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
    };

    public CommandResult Dotnet(params string[] arguments) => Infrastructure.Dotnet.Run(Directory, arguments, Environment());

    public void Dispose() => TestRun.TryDelete(Directory);
}
