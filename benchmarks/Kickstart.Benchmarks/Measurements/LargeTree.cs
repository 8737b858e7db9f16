using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>9. The watch's set-up on a module of 20,000 directories (a handful of them with Go files).</summary>
internal sealed record LargeTreeResult
{
    public Series Setup { get; } = new("inotify set-up, 20,000 directories");
    public Series LaunchToLine { get; } = new("launch → 'watching' line, 20,000 directories");
    /// <summary>The watch method each start reported (inotify, polling, …).</summary>
    public List<string> Methods { get; } = new();
    public Series NoOp { get; } = new("dotnet build, nothing changed, 20,000 directories (diagnostic)");
    public int Directories { get; init; }
}

internal sealed class LargeTree
{
    private readonly BenchmarkContext _context;

    public LargeTree(BenchmarkContext context) => _context = context;

    public LargeTreeResult Run()
    {
        int n = _context.N;
        Workspace ws = _context.Workspace;
        var result = new LargeTreeResult();
        string big = Path.Combine(ws.Root, "big");
        string project = Path.Combine(big, "Big.proj");
        int count = CreateModule(big, project);
        BenchmarkContext.Log($"9. watch set-up on a module with {count} directories ({n} starts)");
        for (int i = 0; i < n; i++)
        {
            int port = FreePort.Find();
            using WatchProcess w = _context.StartWatch(project, port);
            var line = w.WaitForLine(WatchLines.Watching, 0, TimeSpan.FromSeconds(300));
            if (line is null)
                throw new InvalidOperationException("no 'kickstart: watching … with' line:\n" + w.Output);
            Match m = WatchLines.Watching.Match(line.Value.Line);
            result.Setup.Add(double.Parse(m.Groups[3].Value));
            result.Methods.Add(m.Groups[2].Value);
            result.LaunchToLine.Add(BenchmarkContext.Ms(w.Launched, line.Value.Ts));
            if (Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited) == 0)
                _context.Notes.Add($"9 (start {i + 1}): the big module's server never answered:\n{w.Output}");
            _context.StopWatch(w, $"9 (start {i + 1})");
        }
        // Diagnostic: what evaluating (globbing) the big tree costs a plain no-op build (the first build relinks without -w).
        Procs.Run(ws.Dotnet(new[] { "build", project, "-tl:off", "-nologo" }, workingDirectory: big));
        for (int i = 0; i < Math.Min(n, 5); i++)
        {
            var r = Procs.Run(ws.Dotnet(new[] { "build", project, "-tl:off", "-nologo" }, workingDirectory: big));
            if (r.ExitCode == 0) result.NoOp.Add(r.ElapsedMs);
        }
        BenchmarkContext.Log($"   {result.Setup} with {string.Join(",", result.Methods.Distinct())}; {result.LaunchToLine}; {result.NoOp}");
        return result with { Directories = count };
    }

    /// <summary>
    /// A module of its own with a one-line project: 100 directories with 199 subdirectories each (20,000 directories),
    /// a small package in five of them. Returns the number of directories.
    /// </summary>
    private int CreateModule(string big, string project)
    {
        Directory.CreateDirectory(big);
        File.WriteAllText(Path.Combine(big, "go.mod"), "module example.com/big\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(big, "main.go"), """
            package main

            import (
            	"net/http"
            	"os"
            )

            func main() {
            	port := os.Getenv("PORT")
            	if port == "" {
            		port = "8080"
            	}
            	http.HandleFunc("/api/status", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"greeting":"big"}`)) })
            	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
            		os.Exit(1)
            	}
            }
            """);
        File.WriteAllText(Path.Combine(big, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(big, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(project, $"<Project Sdk=\"Kickstart.Sdk/{_context.Workspace.SdkVersion}\" />\n");
        int count = 0;
        for (int a = 0; a < 100; a++)
        {
            for (int b = 0; b < 199; b++)
            {
                Directory.CreateDirectory(Path.Combine(big, $"d{a:00}", $"s{b:000}"));
                count++;
            }
            count++;
            if (a % 20 == 0)
                File.WriteAllText(Path.Combine(big, $"d{a:00}", "s000", "p.go"), $"package s000\n\n// N is a value.\nconst N = {a}\n");
        }
        return count;
    }
}
