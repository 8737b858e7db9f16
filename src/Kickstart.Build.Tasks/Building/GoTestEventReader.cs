using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kickstart.Build.Tasks.Building;

/// <summary>A failing Go test, placed at the file and line of its first t.Error/t.Fatal when Go printed one.</summary>
internal sealed record GoTestFailure(string Package, string Test, string? File, int Line, string Message);

/// <summary>
/// Reads the event stream of `go test -json` (one JSON object a line: Action, Package, Test, Output) and keeps what a
/// build needs: counts and the failures with their locations. Test output names files relative to the package
/// directory ("    handlers_test.go:12: want 200"), so the reader maps import paths to directories through go.mod.
/// </summary>
internal sealed class GoTestEventReader
{
    private static readonly Regex LocatedOutput = new(@"^\s+(?<file>[^\s:]+\.go):(?<line>\d+): (?<msg>.*)$", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private readonly string? _modulePath;
    private readonly string? _moduleRoot;
    // Go's own summary lines of a package ("PASS", "FAIL", "ok  \tpkg\t(cached)", "?   \tpkg\t[no test files]", "FAIL\tpkg\t0.01s").
    private static readonly Regex PackageSummary = new(@"^(PASS|FAIL|ok|\?)(\s|$)", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private readonly Dictionary<(string, string), List<string>> _output = new();
    private readonly Dictionary<string, List<string>> _packageOutput = new(StringComparer.Ordinal);
    private readonly HashSet<string> _packages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failedPackages = new(StringComparer.Ordinal);
    private readonly List<(string Package, string Test)> _failedTests = new();

    public GoTestEventReader(string? modulePath, string? moduleRoot)
    {
        _modulePath = modulePath;
        _moduleRoot = moduleRoot;
    }

    public int Passed { get; private set; }
    public int Failed { get; private set; }
    public int Skipped { get; private set; }
    public int Packages => _packages.Count;
    public IReadOnlyCollection<string> FailedPackages => _failedPackages;

    /// <summary>Consumes one line; false when it is not a test event (plain text: build errors, a panic ...).</summary>
    public bool TryRead(string line, out string? packageOutput)
    {
        packageOutput = null;
        if (line.Length == 0 || line[0] != '{')
            return false;
        string action, package, test, output;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            action = Get(root, "Action");
            package = Get(root, "Package");
            test = Get(root, "Test");
            output = Get(root, "Output");
        }
        catch (JsonException)
        {
            return false;
        }

        if (package.Length > 0)
            _packages.Add(package);
        switch (action)
        {
            case "output":
                if (test.Length > 0)
                    OutputOf(package, test).Add(output.TrimEnd('\n', '\r'));
                else
                    PackageOutputOf(package).Add(packageOutput = output.TrimEnd('\n', '\r'));
                break;
            case "pass" when test.Length > 0: Passed++; break;
            case "skip" when test.Length > 0: Skipped++; break;
            case "fail" when test.Length > 0: Failed++; _failedTests.Add((package, test)); break;
            case "fail": _failedPackages.Add(package); break;
            // Go 1.24+: build errors of `go test -json` arrive as their own events ({"ImportPath":...,"Action":"build-output"}).
            case "build-output": packageOutput = output.TrimEnd('\n', '\r'); break;
        }
        return true;
    }

    private static string Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : "";

    private List<string> PackageOutputOf(string package)
    {
        if (!_packageOutput.TryGetValue(package, out List<string>? lines))
            _packageOutput[package] = lines = new List<string>();
        return lines;
    }

    /// <summary>Whether anything failed that a test or a package can be blamed for (else a failed `go test` is KS1012's).</summary>
    public bool HasFailureToBlame => _failedTests.Count > 0 || _failedPackages.Count > 0;

    /// <summary>
    /// Packages that failed without a failing test of their own (a TestMain that exits 1, a test binary that crashes
    /// before any test): one failure each, with what the package printed besides Go's summary lines. A package whose
    /// build failed is left to its compile errors.
    /// </summary>
    public IEnumerable<GoTestFailure> PackageFailures()
    {
        foreach (string package in _failedPackages.OrderBy(p => p, StringComparer.Ordinal))
        {
            if (_failedTests.Any(f => f.Package == package))
                continue;
            List<string> lines = _packageOutput.TryGetValue(package, out List<string>? l) ? l : new List<string>();
            if (lines.Any(x => x.EndsWith("[build failed]", StringComparison.Ordinal) || x.EndsWith("[setup failed]", StringComparison.Ordinal)))
                continue;
            var detail = lines.Where(x => !PackageSummary.IsMatch(x)).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
            yield return new GoTestFailure(package, "", null, 0, "tests failed" + (detail.Count > 0 ? ": " + string.Join("\n", detail) : " without a failing test (go test -v shows more)."));
        }
    }

    private List<string> OutputOf(string package, string test)
    {
        if (!_output.TryGetValue((package, test), out List<string>? lines))
            _output[(package, test)] = lines = new List<string>();
        return lines;
    }

    /// <summary>The failures worth an error each: a parent test whose only failure is a failing subtest is left to the subtest.</summary>
    public IEnumerable<GoTestFailure> Failures()
    {
        foreach (var (package, test) in _failedTests)
        {
            List<string> lines = _output.TryGetValue((package, test), out List<string>? l) ? l : new List<string>();
            var located = lines.Select(x => LocatedOutput.Match(x)).FirstOrDefault(m => m.Success);
            bool hasFailingChild = _failedTests.Any(f => f.Package == package && f.Test.StartsWith(test + "/", StringComparison.Ordinal));
            if (located is null && hasFailingChild)
                continue;

            var detail = lines.Where(x => !x.StartsWith("=== ", StringComparison.Ordinal) && !x.TrimStart().StartsWith("--- ", StringComparison.Ordinal))
                              .Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
            string message = $"{test} failed" + (detail.Count > 0 ? ": " + string.Join("\n", detail) : ".");
            if (located is null)
            {
                yield return new GoTestFailure(package, test, null, 0, message);
                continue;
            }
            string? dir = PackageDirectory(package);
            string file = located.Groups["file"].Value;
            string? fullPath = dir is null ? null : Path.GetFullPath(Path.Combine(dir, file));
            yield return new GoTestFailure(package, test, fullPath, int.Parse(located.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), message);
        }
    }

    private string? PackageDirectory(string package)
    {
        if (_modulePath is null || _moduleRoot is null)
            return null;
        if (package == _modulePath)
            return _moduleRoot;
        if (package.StartsWith(_modulePath + "/", StringComparison.Ordinal))
            return Path.Combine(_moduleRoot, package.Substring(_modulePath.Length + 1).Replace('/', Path.DirectorySeparatorChar));
        return null;
    }
}
