using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A temporary Go module with a project file that uses the Kickstart.Sdk package, written with MSBuild's own
/// construction API. Each test gets its own, deleted when the test ends.
/// </summary>
internal sealed class GoProject : IDisposable
{
    public const string ModulePath = "example.com/app";

    /// <summary>A small program: prints its arguments and a greeting, so a test can tell builds apart.</summary>
    public const string DefaultMain = """
        package main

        import (
        	"fmt"
        	"os"
        	"strings"
        )

        const greeting = "hello from go"

        func main() {
        	fmt.Println(greeting)
        	fmt.Println("args:", strings.Join(os.Args[1:], ","))
        }
        """;

    private GoProject(string directory, string name)
    {
        Directory = directory;
        Name = name;
        ProjectPath = Path.Combine(directory, name + ".proj");
        Project = ProjectRootElement.Create(NewProjectFileOptions.None);
        Project.Sdk = $"Kickstart.Sdk/{TestRun.SdkVersion}";
        Go = new GoCallRecorder(Path.Combine(directory, ".test-tools"));
    }

    public string Directory { get; }
    public string Name { get; }
    public string ProjectPath { get; }
    public ProjectRootElement Project { get; }
    public GoCallRecorder Go { get; }

    /// <summary>Where the binary lands by default.</summary>
    public string BinaryPath(string configuration = "Debug") => Path.Combine(Directory, "bin", configuration, Name);

    public static GoProject Create(string testName, string name = "app", bool withMain = true)
    {
        string dir = Path.Combine(TestRun.Root, $"{testName}-{Guid.NewGuid():N}"[..Math.Min(testName.Length + 9, 60)]);
        System.IO.Directory.CreateDirectory(dir);
        var project = new GoProject(dir, name);
        project.Write("go.mod", $"module {ModulePath}\n\ngo 1.19\n");
        if (withMain)
            project.Write("main.go", DefaultMain);
        project.Save();
        return project;
    }

    /// <summary>A Go project in a folder of a <see cref="Workspace"/> (several projects side by side, a solution).</summary>
    public static GoProject CreateIn(string directory, string name = "app", bool withMain = true)
    {
        System.IO.Directory.CreateDirectory(directory);
        var project = new GoProject(directory, name);
        project.Write("go.mod", $"module {ModulePath}\n\ngo 1.19\n");
        if (withMain)
            project.Write("main.go", DefaultMain);
        project.Save();
        return project;
    }

    public GoProject Write(string relativePath, string content)
    {
        string path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.Replace("\r\n", "\n"));
        return this;
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public void Delete(string relativePath) => File.Delete(Path.Combine(Directory, relativePath));

    public GoProject SetProperty(string name, string value)
    {
        Project.AddProperty(name, value);
        return Save();
    }

    public GoProject Save()
    {
        Project.Save(ProjectPath);
        return this;
    }

    /// <summary>Environment for the CLI: the recording go first on PATH.</summary>
    public Dictionary<string, string?> Environment(IDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = Go.Directory + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
        };
        if (extra is not null)
            foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    public CommandResult Dotnet(params string[] arguments) => Infrastructure.Dotnet.Run(Directory, arguments, Environment());

    public CommandResult DotnetWith(IDictionary<string, string?> environment, params string[] arguments) =>
        Infrastructure.Dotnet.Run(Directory, arguments, Environment(environment));

    public CommandResult Build(params string[] extraArguments)
    {
        var args = new List<string> { "build", ProjectPath };
        args.AddRange(extraArguments);
        return Dotnet(args.ToArray());
    }

    public void Dispose() => TestRun.TryDelete(Directory);
}
