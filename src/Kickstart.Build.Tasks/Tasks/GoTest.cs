using System;
using System.IO;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// Runs `go test -json` and reports like a .NET test run: each failing test an MSBuild error at the file and line Go
/// gives, build errors as build errors, one summary line, failure when anything failed.
/// </summary>
public sealed class GoTest : GoToolTask
{
    private GoTestEventReader? _reader;

    /// <summary>Package patterns, separated by semicolons or spaces (default ./...).</summary>
    public string Packages { get; set; } = "./...";
    public string? Tags { get; set; }
    /// <summary>Extra `go test` flags, as on a command line (e.g. -race -count=1).</summary>
    public string? TestFlags { get; set; }
    /// <summary>A test name filter (`dotnet test --filter`), passed to `go test -run`.</summary>
    public string? Filter { get; set; }

    protected override string Verb => "test";

    protected override bool Run()
    {
        string? goMod = GoModFile.FindAbove(WorkingDirectory);
        _reader = goMod is null
            ? new GoTestEventReader(null, null)
            : new GoTestEventReader(GoModFile.Read(goMod).ModulePath, Path.GetDirectoryName(goMod));

        bool ok = base.Run();

        foreach (GoTestFailure f in _reader.Failures())
        {
            Log.LogError(null, GoDiagnosticCodes.TestFailed, null, f.File, f.Line, 0, 0, 0, $"{f.Package}: {f.Message}");
        }
        foreach (GoTestFailure f in _reader.PackageFailures())
        {
            Log.LogError(null, GoDiagnosticCodes.TestFailed, null, null, 0, 0, 0, 0, $"{f.Package}: {f.Message}");
        }
        Log.LogMessage(MessageImportance.High,
            $"go test: {_reader.Passed} passed, {_reader.Failed} failed, {_reader.Skipped} skipped in {_reader.Packages} package(s)");
        return ok && !Log.HasLoggedErrors;
    }

    protected override string GenerateCommandLineCommands()
    {
        var b = new CommandLineBuilder();
        b.AppendSwitch("test");
        b.AppendSwitch("-json");
        string tags = string.Join(",", (Tags ?? "").Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries));
        if (tags.Length > 0)
            b.AppendSwitchIfNotNull("-tags ", tags);
        if (!string.IsNullOrWhiteSpace(Filter))
            b.AppendSwitchIfNotNull("-run ", Filter!.Trim());
        foreach (string word in CommandLineWords.Split(TestFlags))
            b.AppendSwitchIfNotNull("", word);
        foreach (string package in CommandLineWords.Split(Packages))
            b.AppendSwitchIfNotNull("", package);
        return b.ToString();
    }

    protected override bool HandleOutputLine(string line)
    {
        if (!_reader!.TryRead(line, out string? packageOutput))
            return false;
        // Package-level output carries build failures inside the JSON on newer Go; parse it as build output too.
        if (packageOutput is not null)
            ParseText(packageOutput);
        return true;
    }

    // ToolTask asks for the failure as soon as go exits, before Run blames the failing tests and packages: a failure with
    // one to blame is theirs (a KS1012 would only repeat the other packages' "ok"/"PASS" lines), the rest is KS1012's.
    protected override bool HandleTaskExecutionErrors() =>
        _reader!.HasFailureToBlame ? false : base.HandleTaskExecutionErrors();

    protected override void LogFailure(int exitCode, string output) =>
        LogKs(KsDiagnostic.TestsFailed, exitCode, output.Length == 0 ? "(no output)" : output);
}
