using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Kickstart.Benchmarks.Fixtures;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks;

/// <summary>
/// A temporary copy of samples/ that uses the real Kickstart.Sdk package: a one-line project, a NuGet.config that offers
/// only artifacts/packages, and a package cache of its own (so nothing stale is ever resolved).
/// </summary>
internal sealed class Workspace : IDisposable
{
    public const string LdFlags = "-X example.com/goserver/internal/version.Version=0.1.0";
    private static readonly Regex GreetingLine = new("const Greeting = \"[^\"]*\"", RegexOptions.Compiled);

    private readonly string _handlersOriginal;

    public Workspace(string repoRoot, string packagesDir, string sdkVersion)
    {
        RepoRoot = repoRoot;
        SdkVersion = sdkVersion;
        Root = Path.Combine(Path.GetTempPath(), "kickstart-bench", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        AppDir = Path.Combine(Root, "app");
        ToolsDir = Path.Combine(Root, "tools");
        NuGetCache = Path.Combine(Root, "nuget-packages");
        FloorBin = Path.Combine(Root, "floor-bin", "goserver");
        GoCallLog = Path.Combine(ToolsDir, "go-calls.log");
        RealGo = SearchPath.Find("go") ?? "/usr/bin/go";
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(NuGetCache);
        Directory.CreateDirectory(ToolsDir);
        Directory.CreateDirectory(Path.GetDirectoryName(FloorBin)!);

        File.WriteAllText(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="kickstart-local" value="{packagesDir}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{NuGetCache}" />
              </config>
            </configuration>
            """);
        // Nothing of an outer Directory.Build.* may leak in (there is none under /tmp, but be explicit).
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");

        CopySample(Path.Combine(repoRoot, "samples"), AppDir);
        ProjectPath = Path.Combine(AppDir, "GoServer.proj");
        File.WriteAllText(ProjectPath, $"<Project Sdk=\"Kickstart.Sdk/{sdkVersion}\" />\n");
        // The sample's own GoServer.proj stamps the version; the one-line project gets the same flag from here.
        File.WriteAllText(Path.Combine(AppDir, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <GoLdFlags>{LdFlags}</GoLdFlags>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(AppDir, "Directory.Build.targets"), "<Project />\n");
        HandlersPath = Path.Combine(AppDir, "internal", "web", "handlers.go");
        _handlersOriginal = File.ReadAllText(HandlersPath);
        if (!GreetingLine.IsMatch(_handlersOriginal))
            throw new InvalidOperationException($"no `const Greeting = \"...\"` in {HandlersPath}");

        // A `go` first on PATH that logs every call and then runs the real one (used for the no-op build count).
        string wrapper = Path.Combine(ToolsDir, "go");
        File.WriteAllText(wrapper, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{GoCallLog}'\nexec '{RealGo}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, (UnixFileMode)0b111_101_101);
    }

    public string RepoRoot { get; }
    public string SdkVersion { get; }
    public string Root { get; }
    public string AppDir { get; }
    public string ProjectPath { get; }
    public string HandlersPath { get; }
    public string ToolsDir { get; }
    public string NuGetCache { get; }
    public string FloorBin { get; }
    public string GoCallLog { get; }
    public string RealGo { get; }
    public string AppBinary => Path.Combine(AppDir, "bin", "Debug", "GoServer");

    /// <summary>
    /// The sample as a generated module is described (for the paired floor of 3): its <see cref="GoModule.GoBuild"/>
    /// is <see cref="GoBuild"/> with <c>omitDebugInfo: true</c>, the flags of floor 1, but for where -o writes.
    /// </summary>
    public GoModule Module() => new(AppDir, ProjectPath, HandlersPath, LdFlags);

    /// <summary>samples/ without what builds leave (bin/, obj/) and without the files the one-line project replaces.</summary>
    private static void CopySample(string from, string to) =>
        TreeCopy.Copy(from, to, rel => rel is "bin" or "obj" or "GoServer.proj" or "Directory.Build.props" or "Directory.Build.targets");

    // ------------------------------------------------------------------ edits

    public string HandlersWith(string greeting) => GreetingLine.Replace(_handlersOriginal, $"const Greeting = \"{greeting}\"");

    /// <summary>An editor that writes the file in place (open with O_TRUNC, write, close).</summary>
    public void WriteInPlace(string greeting) => File.WriteAllText(HandlersPath, HandlersWith(greeting));

    /// <summary>An editor that writes a temporary file beside it and renames it over the original (atomic save).</summary>
    public void WriteTempThenRename(string greeting)
    {
        string temp = Path.Combine(Path.GetDirectoryName(HandlersPath)!, ".handlers.go.bench-tmp");
        File.WriteAllText(temp, HandlersWith(greeting));
        File.Move(temp, HandlersPath, overwrite: true);
    }

    // ------------------------------------------------------------------ processes

    /// <summary>dotnet with the environment cleaned the way the SDK tests clean it, this workspace's package cache.</summary>
    public ProcessStartInfo Dotnet(IEnumerable<string> arguments, bool recordGo = false, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory ?? AppDir, UseShellExecute = false };
        foreach (string a in arguments)
            psi.ArgumentList.Add(a);
        CleanEnvironment(psi);
        if (recordGo)
            psi.Environment["PATH"] = ToolsDir + Path.PathSeparator + psi.Environment["PATH"];
        return psi;
    }

    public void CleanEnvironment(ProcessStartInfo psi)
    {
        DotnetEnvironment.Scrub(psi, NuGetCache);
        // A polling watch inherited from this program's environment would make every watch figure a polling one.
        psi.Environment.Remove("DOTNET_USE_POLLING_FILE_WATCHER");
    }

    /// <summary>`go build -o floor-bin/goserver -ldflags "..." .` in the app directory, exactly as the watch runs it.</summary>
    public ProcessStartInfo GoBuild(bool omitDebugInfo, string? output = null)
    {
        var psi = new ProcessStartInfo(RealGo) { WorkingDirectory = AppDir, UseShellExecute = false };
        psi.ArgumentList.Add("build");
        psi.ArgumentList.Add("-o");
        psi.ArgumentList.Add(output ?? FloorBin);
        psi.ArgumentList.Add("-ldflags");
        psi.ArgumentList.Add(omitDebugInfo ? LdFlags + " -w" : LdFlags);
        psi.ArgumentList.Add(".");
        return psi;
    }

    public int GoCallCount() => File.Exists(GoCallLog) ? File.ReadAllLines(GoCallLog).Length : 0;

    /// <summary>The recorded `go build` calls only (not `go env`, `go list`, …).</summary>
    public int GoBuildCallCount() => GoCalls().Count(c => c.StartsWith("build ", StringComparison.Ordinal));

    public string[] GoCalls() => File.Exists(GoCallLog) ? File.ReadAllLines(GoCallLog) : Array.Empty<string>();

    public void ResetGoCalls()
    {
        if (File.Exists(GoCallLog))
            File.Delete(GoCallLog);
    }

    public void Dispose() => TempDirectory.TryDelete(Root);
}
