using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace Kickstart.Benchmarks.Fixtures;

/// <summary>
/// The generated large module (11, 12): 20,000 directories — 100 top directories of 199 subdirectories each — of which
/// 2,000 hold a Go package (every tenth subdirectory) and 2,000 a non-Go file (notes.txt), the rest nothing; one
/// server at the root imports a handful of the packages and `web`, whose Greeting the edits change. Deterministic
/// (names and contents depend on nothing but the indices), Go 1.19. Made a git repository with one commit, as large
/// modules are, so that `go build` stamps version-control data unless `-buildvcs=false` (12).
/// </summary>
internal static class LargeModule
{
    public const int TopDirectories = 100;
    public const int SubdirectoriesEach = 199;
    /// <summary>Every tenth subdirectory holds a package.</summary>
    public const int PackageEvery = 10;
    /// <summary>The packages the server imports.</summary>
    public static readonly string[] Imported = { "g00/s000", "g25/s050", "g50/s100", "g75/s150", "g99/s190" };

    public sealed record Shape(int Directories, int Packages, int OtherFiles);

    public static (GoModule Module, Shape Shape) Create(string dir, string sdkVersion, string git)
    {
        int directories = 0, packages = 0, others = 0;
        Directory.CreateDirectory(dir);
        for (int a = 0; a < TopDirectories; a++)
        {
            directories++;
            for (int b = 0; b < SubdirectoriesEach; b++)
            {
                string sub = Path.Combine(dir, $"g{a:00}", $"s{b:000}");
                Directory.CreateDirectory(sub);
                directories++;
                if (b % PackageEvery == 0)
                {
                    File.WriteAllText(Path.Combine(sub, "p.go"), $"package s{b:000}\n\n// Value is this package's number.\nfunc Value() int {{ return {a * 1000 + b} }}\n");
                    packages++;
                }
                else if (b % PackageEvery == 5)
                {
                    File.WriteAllText(Path.Combine(sub, "notes.txt"), $"notes for g{a:00}/s{b:000}\n");
                    others++;
                }
            }
        }
        var imports = new StringBuilder();
        var sum = new StringBuilder();
        for (int i = 0; i < Imported.Length; i++)
        {
            imports.Append($"\tp{i} \"example.com/large/{Imported[i]}\"\n");
            sum.Append(i == 0 ? $"p{i}.Value()" : $" + p{i}.Value()");
        }
        GoModule.WriteFile(Path.Combine(dir, "go.mod"), "module example.com/large\n\ngo 1.19\n");
        GoModule.WriteFile(Path.Combine(dir, "web", "greeting.go"), "package web\n\n// Greeting is what /api/status says; the benchmark's edits change it.\nconst Greeting = \"large\"\n");
        GoModule.WriteFile(Path.Combine(dir, "main.go"), $$"""
            package main

            import (
            	"encoding/json"
            	"net/http"
            	"os"

            	"example.com/large/web"
            {{imports}})

            func main() {
            	port := os.Getenv("PORT")
            	if port == "" {
            		port = "8080"
            	}
            	http.HandleFunc("/api/status", func(w http.ResponseWriter, r *http.Request) {
            		w.Header().Set("Content-Type", "application/json")
            		_ = json.NewEncoder(w).Encode(map[string]interface{}{"greeting": web.Greeting, "sum": {{sum}}, "pid": os.Getpid()})
            	})
            	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
            		os.Exit(1)
            	}
            }

            """);
        GoModule.WriteFile(Path.Combine(dir, ".gitignore"), "bin/\nobj/\nfloor-bin/\n");
        string project = Path.Combine(dir, "Large.proj");
        File.WriteAllText(project, GoModule.OneLineProject(sdkVersion));
        GitInitAndCommit(dir, git);
        return (new GoModule(dir, project, Path.Combine(dir, "web", "greeting.go")), new Shape(directories, packages, others));
    }

    private static void GitInitAndCommit(string dir, string git)
    {
        foreach (string[] args in new[]
        {
            new[] { "init", "-q" },
            new[] { "add", "-A" },
            new[] { "-c", "user.name=kickstart-bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "generated module" },
        })
        {
            var psi = new ProcessStartInfo(git) { WorkingDirectory = dir };
            foreach (string a in args) psi.ArgumentList.Add(a);
            var r = Procs.Run(psi);
            if (r.ExitCode != 0)
                throw new System.InvalidOperationException($"git {string.Join(' ', args)} failed in {dir}:\n{r.Output}");
        }
    }
}
