using System.Collections.Generic;
using System.IO;

namespace Kickstart.Benchmarks.Fixtures;

/// <summary>
/// The two-service module (14): one go.mod, `cmd/api` and `cmd/worker` sharing `internal/shared`, `internal/apionly`
/// imported by the api only; a project file for each beside go.mod (api.proj, worker.proj with GoMainPackage and a
/// KickstartServerUrl of its own) and services.sln holding both. Each service's GET /api/status answers
/// {"service", "shared", "apionly" (api only), "pid"}.
/// </summary>
internal sealed class TwoServices
{
    public static readonly string[] Services = { "api", "worker" };

    private TwoServices(string dir, Dictionary<string, int> ports, GoModule shared, GoModule apiOnly)
    {
        Dir = dir;
        Ports = ports;
        Shared = shared;
        ApiOnly = apiOnly;
    }

    public string Dir { get; }
    public string Solution => Path.Combine(Dir, "services.sln");
    public IReadOnlyDictionary<string, int> Ports { get; }
    /// <summary>internal/shared: both services' binaries change.</summary>
    public GoModule Shared { get; }
    /// <summary>internal/apionly: only the api's binary changes.</summary>
    public GoModule ApiOnly { get; }

    public static TwoServices Create(string dir, string sdkVersion, IReadOnlyDictionary<string, int> ports, System.Func<IEnumerable<string>, Procs.RunResult> dotnet)
    {
        GoModule.WriteFile(Path.Combine(dir, "go.mod"), "module example.com/services\n\ngo 1.19\n");
        GoModule.WriteFile(Path.Combine(dir, "internal", "shared", "shared.go"), "// Package shared is used by every service.\npackage shared\n\n// Greeting is what every service reports as shared.\nconst Greeting = \"shared\"\n");
        GoModule.WriteFile(Path.Combine(dir, "internal", "apionly", "apionly.go"), "// Package apionly is used by the api service only.\npackage apionly\n\n// Greeting is what the api reports as apionly.\nconst Greeting = \"apionly\"\n");
        foreach (string service in Services)
        {
            string apiOnlyImport = service == "api" ? "\n\t\"example.com/services/internal/apionly\"" : "";
            string apiOnlyField = service == "api" ? ", \"apionly\": apionly.Greeting" : "";
            GoModule.WriteFile(Path.Combine(dir, "cmd", service, "main.go"), $$"""
                package main

                import (
                	"encoding/json"
                	"net/http"
                	"os"
                {{apiOnlyImport}}
                	"example.com/services/internal/shared"
                )

                func main() {
                	http.HandleFunc("/api/status", func(w http.ResponseWriter, r *http.Request) {
                		w.Header().Set("Content-Type", "application/json")
                		_ = json.NewEncoder(w).Encode(map[string]interface{}{"service": "{{service}}", "shared": shared.Greeting{{apiOnlyField}}, "pid": os.Getpid()})
                	})
                	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil); err != nil {
                		os.Exit(1)
                	}
                }

                """);
            File.WriteAllText(Path.Combine(dir, service + ".proj"), GoModule.OneLineProject(sdkVersion,
                $"  <PropertyGroup>\n    <GoMainPackage>./cmd/{service}</GoMainPackage>\n    <KickstartServerUrl>http://127.0.0.1:{ports[service]}</KickstartServerUrl>\n  </PropertyGroup>\n"));
        }
        foreach (string[] args in new[] { new[] { "new", "sln", "-n", "services", "--format", "sln" }, new[] { "sln", "services.sln", "add", "api.proj", "worker.proj" } })
        {
            var r = dotnet(args);
            if (r.ExitCode != 0)
                throw new System.InvalidOperationException($"dotnet {string.Join(' ', args)} failed:\n{r.Output}");
        }
        var shared = new GoModule(dir, Path.Combine(dir, "api.proj"), Path.Combine(dir, "internal", "shared", "shared.go"), mainPackage: "./cmd/api");
        var apiOnly = new GoModule(dir, Path.Combine(dir, "api.proj"), Path.Combine(dir, "internal", "apionly", "apionly.go"), mainPackage: "./cmd/api");
        return new TwoServices(dir, new Dictionary<string, int>(ports), shared, apiOnly);
    }
}
