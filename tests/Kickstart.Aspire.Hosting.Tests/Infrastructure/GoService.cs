using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Kickstart.Aspire.Hosting.Tests.Infrastructure;

/// <summary>
/// A Go web server in a temp module with a project file on the Kickstart.Sdk package this repository just built
/// (a NuGet.config beside it offers only artifacts/packages, with a package cache of the test run's own, as
/// Kickstart.Sdk.Tests does). It answers what the tests ask of the process Aspire ran: its greeting, its PID, an
/// environment variable, its arguments, a request header.
/// </summary>
internal sealed class GoService : IDisposable
{
    public const string Greeting = "hello from go";

    public static string MainGo(string greeting) => $$"""
        package main

        import (
        	"fmt"
        	"net/http"
        	"os"
        	"strings"
        )

        const greeting = "{{greeting}}"

        func main() {
        	port := os.Getenv("PORT")
        	mux := http.NewServeMux()
        	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, greeting) })
        	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
        	mux.HandleFunc("/pid", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, os.Getpid()) })
        	mux.HandleFunc("/env", func(w http.ResponseWriter, r *http.Request) {
        		value, found := os.LookupEnv(r.URL.Query().Get("name"))
        		if !found {
        			http.Error(w, "unset", http.StatusNotFound)
        			return
        		}
        		fmt.Fprint(w, value)
        	})
        	mux.HandleFunc("/args", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, strings.Join(os.Args[1:], "\n")) })
        	mux.HandleFunc("/header", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.Header.Get(r.URL.Query().Get("name"))) })
        	fmt.Println("serving on port", port)
        	if err := http.ListenAndServe("127.0.0.1:"+port, mux); err != nil {
        		fmt.Fprintln(os.Stderr, err)
        		os.Exit(1)
        	}
        }
        """;

    private static readonly Lazy<string> RunRoot = new(CreateRunRoot);

    private GoService(string directory, string name)
    {
        Directory = directory;
        ProjectPath = Path.Combine(directory, name + ".proj");
    }

    public string Directory { get; }
    public string ProjectPath { get; }

    /// <summary>The test run's own package cache (the NuGet.config beside the modules names it too).</summary>
    public static string PackagesCache => GoModuleRunRoot.PackagesCacheOf(RunRoot.Value);

    /// <summary>A new module: <paramref name="projectBody"/> goes inside the project element (properties of a test's own).</summary>
    public static GoService Create(string name, string projectBody = "")
    {
        string dir = Path.Combine(RunRoot.Value, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        System.IO.Directory.CreateDirectory(dir);
        var service = new GoService(dir, name);
        service.Write("go.mod", "module example.com/" + name + "\n\ngo 1.19\n");
        service.Write("main.go", MainGo(Greeting));
        service.Write(name + ".proj", $"<Project Sdk=\"Kickstart.Sdk/{Metadata("KickstartVersion")}\">\n{projectBody}\n</Project>\n");
        return service;
    }

    public void Write(string relativePath, string content)
    {
        // Written to a temp file and renamed into place, as editors save: the watch sees one complete change.
        string path = Path.Combine(Directory, relativePath);
        string temp = path + ".tmp";
        File.WriteAllText(temp, content.Replace("\r\n", "\n"));
        File.Move(temp, path, overwrite: true);
    }

    public void Dispose() => TempDirectory.TryDelete(Directory);

    private static string Metadata(string key) =>
        typeof(GoService).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string CreateRunRoot() => GoModuleRunRoot.Create("kickstart-aspire-tests", Metadata("KickstartPackagesDir"));
}
