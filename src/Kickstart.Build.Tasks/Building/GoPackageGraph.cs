using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Building;

/// <summary>
/// The packages of one server's build as `go list -deps` lists them (outside the standard library): the directory of
/// each, and what it imports.
/// </summary>
internal sealed class PackageSet
{
    private readonly Dictionary<string, HashSet<string>> _importsByDirectory;

    public PackageSet(IEnumerable<KeyValuePair<string, IEnumerable<string>>> packages)
    {
        _importsByDirectory = new Dictionary<string, HashSet<string>>(PathComparison.Comparer);
        foreach (KeyValuePair<string, IEnumerable<string>> package in packages)
        {
            _importsByDirectory[PathComparison.Normalize(package.Key)] = new HashSet<string>(package.Value, StringComparer.Ordinal);
        }
    }

    public int Count => _importsByDirectory.Count;

    /// <summary>Whether <paramref name="directory"/> (a full path) holds a package of the build.</summary>
    public bool Holds(string directory) => _importsByDirectory.ContainsKey(PathComparison.Normalize(directory));

    /// <summary>Whether the package in <paramref name="directory"/> imports <paramref name="importPath"/> (in any of its files).</summary>
    public bool Imports(string directory, string importPath) =>
        _importsByDirectory.TryGetValue(PathComparison.Normalize(directory), out HashSet<string>? imports) && imports.Contains(importPath);

    /// <summary>
    /// Reads <see cref="GoPackageGraph.ListTemplate"/>'s output: one line per package, its directory, a tab, its imports
    /// separated by spaces; the standard library's packages are empty lines. Null when no package was listed.
    /// </summary>
    public static PackageSet? Parse(string output)
    {
        var packages = new List<KeyValuePair<string, IEnumerable<string>>>();
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            int tab = line.IndexOf('\t');
            string directory = tab < 0 ? line : line.Substring(0, tab);
            if (directory.Length == 0 || !Path.IsPathRooted(directory))
            {
                continue;
            }

            string[] imports = tab < 0 ? Array.Empty<string>() : line.Substring(tab + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            packages.Add(new KeyValuePair<string, IEnumerable<string>>(directory, imports));
        }

        return packages.Count == 0 ? null : new PackageSet(packages);
    }
}

/// <summary>What a server's build consists of, as far as it is known.</summary>
internal interface IPackageGraph
{
    /// <summary>The packages as last listed; null while that is unknown (not listed yet, being listed again, go list failed).</summary>
    PackageSet? Current { get; }

    /// <summary>A listing is under way (<see cref="Current"/> is null until it is done).</summary>
    bool Listing { get; }

    /// <summary>Forgets the packages and lists them again, off the caller's thread; <see cref="Current"/> is null until done.</summary>
    void Refresh();
}

/// <summary>How the go command is run to list a server's packages: the same toolchain and settings as its build.</summary>
/// <param name="GoTool">The go executable.</param>
/// <param name="ProjectDirectory">Where the build runs go (full path).</param>
/// <param name="MainPackage">GoMainPackage, as the project writes it.</param>
/// <param name="Tags">GoTags (commas, semicolons or spaces between them).</param>
/// <param name="BuildFlags">GoBuildFlags, as a command line.</param>
/// <param name="Environment">GOOS, GOARCH, CGO_ENABLED and the GoEnvironment entries, as the build passes them.</param>
internal sealed record GoListSettings(string GoTool, string ProjectDirectory, string MainPackage, string? Tags, string? BuildFlags,
    IReadOnlyList<KeyValuePair<string, string>> Environment);

/// <summary>
/// The package graph of a server's build, from `go list -deps` with the build's own settings, listed in the background
/// so that no build waits for it. A failure (no module, a broken import, a go that hangs) leaves it unknown, and an
/// unknown graph means that every change counts: it can only ever save a build, never miss one.
/// </summary>
internal sealed class GoPackageGraph : IPackageGraph, IDisposable
{
    /// <summary>A package's directory and its imports; the standard library's packages print nothing.</summary>
    internal const string ListTemplate = "{{if not .Standard}}{{.Dir}}\t{{join .Imports \" \"}}{{end}}";

    /// <summary>A go list that takes longer is given up on (the graph stays unknown until the next refresh).</summary>
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(60);

    // The build flags that change which packages (and files) make up the build; the rest (-ldflags, -gcflags, -trimpath,
    // -o, -v …) change how they are compiled, and go list would refuse some of them.
    private static readonly string[] FlagsThatChangeThePackages = { "-mod", "-modfile", "-tags", "-overlay", "-race", "-msan", "-asan", "-cover" };

    private readonly GoListSettings _settings;
    private readonly Action<string> _detail;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private PackageSet? _current;
    private int _generation;
    private int _listed;

    /// <param name="detail">Where each listing (its size and time, or why it failed) is said: the log's normal verbosity.</param>
    public GoPackageGraph(GoListSettings settings, Action<string> detail)
    {
        _settings = settings;
        _detail = detail;
    }

    public PackageSet? Current
    {
        get { lock (_gate) return _current; }
    }

    public bool Listing
    {
        get { lock (_gate) return _listed != _generation; }
    }

    public void Refresh()
    {
        int generation;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
                return;
            _current = null;
            generation = ++_generation;
        }
        _ = Task.Run(() =>
        {
            var stopwatch = Stopwatch.StartNew();
            PackageSet? listed = List();
            lock (_gate)
            {
                // A refresh asked for meanwhile knows better (an import changed again): only the latest one counts.
                if (generation != _generation || _disposed.IsCancellationRequested)
                    return;
                _listed = generation;
                _current = listed;
            }
            if (listed is not null)
                _detail(Contracts.WatchStatusLines.PackagesListed(listed.Count, stopwatch.Elapsed));
        });
    }

    /// <summary>The arguments after `go`: list -deps -f … [-tags …] [the build flags that matter] package.</summary>
    internal static IReadOnlyList<string> Arguments(GoListSettings settings)
    {
        var arguments = new List<string> { "list", "-deps", "-f", ListTemplate };
        string tags = string.Join(",", (settings.Tags ?? "").Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries));
        if (tags.Length > 0)
            arguments.AddRange(new[] { "-tags", tags });
        List<string> words = CommandLineWords.Split(settings.BuildFlags);
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            string name = word.TrimStart('-').Split('=')[0];
            if (!FlagsThatChangeThePackages.Contains("-" + name, StringComparer.Ordinal) || !word.StartsWith("-", StringComparison.Ordinal))
                continue;
            arguments.Add(word);
            // `-tags a,b` and `-mod mod`: the value is the next word (boolean flags such as -race take none).
            if (!word.Contains('=') && name is "mod" or "modfile" or "tags" or "overlay" && i + 1 < words.Count)
                arguments.Add(words[++i]);
        }
        arguments.Add(Tasks.GoBuild.ToGoPackagePattern(settings.MainPackage));
        return arguments;
    }

    private PackageSet? List()
    {
        var start = new ProcessStartInfo(_settings.GoTool)
        {
            WorkingDirectory = _settings.ProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string argument in Arguments(_settings))
            start.ArgumentList.Add(argument);
        // go reports directories under the path it finds in $PWD when that is the working directory: the watch's own
        // spelling of the project's path (through a symbolic link, say), not the one the kernel resolves.
        start.Environment["PWD"] = _settings.ProjectDirectory;
        foreach (KeyValuePair<string, string> entry in _settings.Environment)
            start.Environment[entry.Key] = entry.Value;

        try
        {
            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            bool exited;
            using (_disposed.Token.Register(() => TryKill(process)))
                exited = process.WaitForExit((int)ListTimeout.TotalMilliseconds);
            if (!exited)
            {
                TryKill(process);
                _detail($"kickstart: go list -deps took longer than {ListTimeout.TotalSeconds:0} s; every change counts until the next build.");
                return null;
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                if (!_disposed.IsCancellationRequested)
                    _detail("kickstart: go list -deps failed, every change counts until the next build: " + errors.Result.Trim());
                return null;
            }
            PackageSet? packages = PackageSet.Parse(output.Result);
            // The main package lists itself last: a graph without it was read under another spelling of the paths.
            string? mainDirectory = MainPackageDirectory();
            if (packages is null || (mainDirectory is not null && !packages.Holds(mainDirectory)))
                return null;
            return packages;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            _detail("kickstart: go list -deps could not run, every change counts: " + e.Message);
            return null;
        }
    }

    // GoMainPackage as a directory of the project; null for an import path (example.com/server/cmd/web).
    private string? MainPackageDirectory()
    {
        string pattern = Tasks.GoBuild.ToGoPackagePattern(_settings.MainPackage);
        return pattern == "." || pattern.StartsWith("./", StringComparison.Ordinal) || pattern.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(pattern)
            ? Path.GetFullPath(Path.Combine(_settings.ProjectDirectory, pattern))
            : null;
    }

    private static void TryKill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed.Cancel();
            _current = null;
        }
    }
}
