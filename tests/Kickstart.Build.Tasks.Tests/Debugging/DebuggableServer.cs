using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Kickstart.Build.Tasks.Tests.Debugging;

/// <summary>
/// A tiny Go HTTP server in a temporary module, built the way a debug watch builds it (`-gcflags=all=-N -l`, DWARF
/// kept). Lines that tests put breakpoints on carry a marker comment, so that a test asks for "the line of
/// BREAK-HANDLER" instead of counting lines.
/// </summary>
internal sealed class DebuggableServer : IDisposable
{
    private const string HandlersSource = """
        package main

        import (
        	"fmt"
        	"net/http"
        )

        func hello(w http.ResponseWriter, r *http.Request) {
        	message := greeting() // BREAK-HANDLER
        	fmt.Fprintln(w, message)
        }

        func other(w http.ResponseWriter, r *http.Request) {
        	fmt.Fprintln(w, "other") // BREAK-VANISHES
        }
        """;

    private const string MainSource = """
        package main

        import (
        	"net/http"
        	"os"
        )

        func greeting() string { return "hello" }

        func main() {
        	http.HandleFunc("/", hello)
        	http.HandleFunc("/other", other)
        	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil); err != nil {
        		os.Exit(1)
        	}
        }
        """;

    public DebuggableServer()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("kickstart-delve-").FullName;
        File.WriteAllText(System.IO.Path.Combine(Directory, "go.mod"), "module example.test/debuggable\n\ngo 1.19\n");
        File.WriteAllText(HandlersFile, HandlersSource.Replace("\r\n", "\n") + "\n");
        File.WriteAllText(MainFile, MainSource.Replace("\r\n", "\n") + "\n");
    }

    public string Directory { get; }
    public string HandlersFile => System.IO.Path.Combine(Directory, "handlers.go");
    public string MainFile => System.IO.Path.Combine(Directory, "main.go");

    /// <summary>The 1-based line of the handlers file that carries <paramref name="marker"/>.</summary>
    public int LineOf(string marker)
    {
        string[] lines = File.ReadAllLines(HandlersFile);
        int index = Array.FindIndex(lines, l => l.Contains("// " + marker, StringComparison.Ordinal));
        if (index < 0)
            throw new InvalidOperationException($"{marker} is not in {HandlersFile}.");
        return index + 1;
    }

    /// <summary>Replaces the marked line with a comment: the line stays, but holds no code any more.</summary>
    public void EmptyLine(string marker)
    {
        string[] lines = File.ReadAllLines(HandlersFile);
        int line = LineOf(marker);
        lines[line - 1] = "\t// " + marker + " (no code here any more)";
        File.WriteAllLines(HandlersFile, lines);
    }

    /// <summary>An edit in another file than the breakpoints': the rebuilt binary differs, the handlers' lines do not.</summary>
    public void ChangeGreeting(string greeting) =>
        File.WriteAllText(MainFile, File.ReadAllText(MainFile).Replace("return \"hello\"", $"return \"{greeting}\""));

    /// <summary>Builds the binary to a new path (the old process may still run from the previous one).</summary>
    public string Build(string name)
    {
        string output = System.IO.Path.Combine(Directory, name);
        var go = new ProcessStartInfo("go") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "build", "-gcflags=all=-N -l", "-buildvcs=false", "-o", output, "." })
            go.ArgumentList.Add(argument);
        go.Environment["GOFLAGS"] = "";
        go.Environment["GOWORK"] = "off";
        using Process process = Process.Start(go)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"go build failed ({process.ExitCode}): {errors.Result}");
        return output;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
