using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// A C# app with &lt;ProjectReference Include="../GoServer/GoServer.proj" /&gt;: the Go project builds first, its binary lands
/// next to the app (output and publish), no assembly reference is attempted, and design-time builds never start go.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>Runs the Go binary found next to the app and prints what it said.</summary>
    public const string HostProgram = """
        using System.Diagnostics;

        string exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "GoServer.exe" : "GoServer");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("from-dotnet");
        using Process go = Process.Start(psi)!;
        string output = go.StandardOutput.ReadToEnd();
        go.WaitForExit();
        Console.WriteLine("go said: " + string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        return go.ExitCode;
        """;

    private static (GoProject Go, CSharpProject App) CreateHostAndServer(Workspace ws)
    {
        GoProject go = ws.AddGoProject("GoServer", "GoServer");
        CSharpProject app = ws.AddConsoleApp("App", "App", HostProgram).AddProjectReference("../GoServer/GoServer.proj");
        return (go, app);
    }

    [Fact]
    public void DotnetAppRunsTheGoBinaryCopiedNextToIt()
    {
        using var ws = Workspace.Create(nameof(DotnetAppRunsTheGoBinaryCopiedNextToIt));
        (GoProject go, CSharpProject app) = CreateHostAndServer(ws);

        CommandResult build = ws.Dotnet("build", app.ProjectPath);
        Assert.True(build.Succeeded, build.ToString());
        Assert.DoesNotContain(build.Lines, l => l.Contains(": warning ", System.StringComparison.Ordinal));
        Assert.Equal(1, ws.Go.CountOf("build"));
        string copied = Path.Combine(app.OutputDirectory(), "GoServer");
        Assert.True(File.Exists(copied), build.ToString());
        Assert.Equal(File.ReadAllBytes(go.BinaryPath()), File.ReadAllBytes(copied));
        // The binary is content, not a reference: nothing of it in the app's dependency manifest.
        Assert.DoesNotContain("GoServer", File.ReadAllText(Path.Combine(app.OutputDirectory(), "App.deps.json")));

        CommandResult run = ws.Dotnet("run", "--project", app.ProjectPath, "--no-build");
        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("go said: hello from go | args: from-dotnet", run.Output);
    }

    [Fact]
    public void PublishedDotnetAppCarriesTheGoBinary()
    {
        using var ws = Workspace.Create(nameof(PublishedDotnetAppCarriesTheGoBinary));
        (_, CSharpProject app) = CreateHostAndServer(ws);

        CommandResult publish = ws.Dotnet("publish", app.ProjectPath);
        Assert.True(publish.Succeeded, publish.ToString());
        Assert.True(File.Exists(Path.Combine(app.PublishDirectory(), "GoServer")), publish.ToString());
        // Published in Release like the app: a trimmed, stripped Go build.
        Assert.Contains(ws.Go.Calls, c => c.StartsWith("build ", System.StringComparison.Ordinal) && c.Contains("-trimpath") && c.Contains("-s -w"));

        CommandResult run = ws.Dotnet(Path.Combine(app.PublishDirectory(), "App.dll"));
        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("go said: hello from go | args: from-dotnet", run.Output);
    }

    /// <summary>Targets IDEs run on a project to load it (Visual Studio, C# Dev Kit), plus the reference protocol's.</summary>
    private const string DesignTimeTargets =
        "CompileDesignTime;ResolveProjectReferencesDesignTime;ResolveProjectReferencesDesignTime2;ResolveAssemblyReferencesDesignTime;" +
        "ResolveComReferencesDesignTime;ResolvePackageDependenciesDesignTime;ResolveFrameworkReferencesDesignTime;CollectPackageReferences;" +
        "CollectPackageDownloads;CollectFrameworkReferences;CollectCentralPackageVersions;CollectUpToDateCheckInputDesignTime;" +
        "CollectUpToDateCheckBuiltDesignTime;CollectAnalyzersDesignTime;GetTargetFrameworks;GetTargetPath;GetCopyToOutputDirectoryItems;Build";

    [Fact]
    public void DesignTimeBuildsSucceedAndNeverStartGo()
    {
        using var ws = Workspace.Create(nameof(DesignTimeBuildsSucceedAndNeverStartGo));
        (GoProject go, CSharpProject app) = CreateHostAndServer(ws);

        CommandResult goSide = ws.Dotnet("msbuild", go.ProjectPath, "-p:DesignTimeBuild=true", "-t:" + DesignTimeTargets);
        Assert.True(goSide.Succeeded, goSide.ToString());

        // The app's own design-time build follows the reference into the Go project (GetTargetFrameworks, GetTargetPath, GetCopyToOutputDirectoryItems).
        CommandResult appSide = ws.Dotnet("msbuild", app.ProjectPath, "-restore", "-p:DesignTimeBuild=true", "-p:BuildProjectReferences=false",
            "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true",
            "-t:ResolveProjectReferences;ResolveAssemblyReferences;GetCopyToOutputDirectoryItems;CollectPackageReferences");
        Assert.True(appSide.Succeeded, appSide.ToString());
        Assert.DoesNotContain(appSide.Lines, l => l.Contains(": warning ", System.StringComparison.Ordinal));

        Assert.Empty(ws.Go.Calls);
        Assert.False(File.Exists(go.BinaryPath()));
    }
}
