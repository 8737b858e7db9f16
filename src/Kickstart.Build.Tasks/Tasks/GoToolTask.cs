using System;
using System.Collections.Generic;
using System.Linq;
using Kickstart.Build.Tasks.Building;
using Kickstart.Build.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// The common ground of every task that runs the go command: the toolchain's environment (GOOS, GOARCH, CGO_ENABLED,
/// GoEnvironment), the working directory, and Go's output turned into MSBuild diagnostics as it arrives.
/// </summary>
public abstract class GoToolTask : ToolTask
{
    private GoDiagnosticParser? _parser;
    private int _diagnosticErrors;

    /// <summary>Full path of the go executable (resolved by ResolveGoToolchain).</summary>
    [Required] public string GoToolPath { get; set; } = "";
    [Required] public string WorkingDirectory { get; set; } = "";
    public string? GOOS { get; set; }
    public string? GOARCH { get; set; }
    public string? CgoEnabled { get; set; }
    /// <summary>Extra environment for the toolchain: NAME=value pairs separated by semicolons.</summary>
    public string? GoEnvironment { get; set; }
    /// <summary>When set, the errors are also written here, one JSON object a line (the watch shows them in the page).</summary>
    public string? DiagnosticsFile { get; set; }
    /// <summary>
    /// An output whose time decides up-to-dateness (the binary, a stamp): after a successful run it carries the time the
    /// run started, created when absent — so a file saved during the run is newer and the next build takes it.
    /// </summary>
    public string? StampFile { get; set; }

    /// <summary>128 + SIGINT: go (or what it ran) ended by Ctrl+C, which a terminal sends to the build and to go alike.</summary>
    internal static bool WasInterrupted(int exitCode) => exitCode == 130;

    private readonly List<GoDiagnostic> _errors = new();

    protected override string ToolName => "go";
    protected override string GenerateFullPathToTool() => GoToolPath;
    protected override string GetWorkingDirectory() => WorkingDirectory;
    // Go's chatter (the command line, "go: downloading ...") is detail; its diagnostics are logged as such.
    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Low;
    protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.Normal;

    /// <summary>The words after `go` (e.g. "build -o ..."), for messages.</summary>
    protected abstract string Verb { get; }

    /// <summary>Unparsed output lines, for the fallback error when go fails without a diagnostic.</summary>
    protected IReadOnlyList<string> UnparsedOutput => _parser?.UnparsedLines ?? (IReadOnlyList<string>)Array.Empty<string>();

    protected bool LoggedDiagnosticErrors => _diagnosticErrors > 0;

    public override bool Execute()
    {
        DateTime? started = string.IsNullOrEmpty(StampFile) ? null : StartTimeStamp.Take(StampFile!);
        bool ok = Run();
        if (ok && started is { } time)
            StartTimeStamp.Apply(StampFile!, time);
        return ok;
    }

    /// <summary>Runs go (the task's work without the stamp).</summary>
    protected virtual bool Run()
    {
        var environment = new List<string>();
        AddIfSet(environment, "GOOS", GOOS);
        AddIfSet(environment, "GOARCH", GOARCH);
        AddIfSet(environment, "CGO_ENABLED", CgoEnabled);
        if (!EnvironmentList.TryParse(GoEnvironment, out IReadOnlyList<KeyValuePair<string, string>> entries, out string? badEntry))
        {
            LogKs(KsDiagnostic.BadEnvironmentEntry, badEntry, "GoEnvironment");
            return false;
        }
        environment.AddRange(entries.Select(e => e.Key + "=" + e.Value));
        EnvironmentVariables = environment.ToArray();
        _parser = new GoDiagnosticParser(WorkingDirectory);

        bool ok = base.Execute();
        if (!string.IsNullOrEmpty(DiagnosticsFile))
            DiagnosticsFileWriter.Write(DiagnosticsFile!, _errors);
        return ok && !Log.HasLoggedErrors;
    }

    // The last diagnostic waits for a line that shows it has no more continuation lines; the end of output is that line.
    // Flushed here, before ToolTask decides in HandleTaskExecutionErrors whether an error was logged.
    protected override int ExecuteTool(string pathToTool, string responseFileCommands, string commandLineCommands)
    {
        int exitCode = base.ExecuteTool(pathToTool, responseFileCommands, commandLineCommands);
        foreach (GoDiagnostic d in _parser!.Flush())
            LogDiagnostic(d);
        return exitCode;
    }

    /// <summary>A toolchain environment variable as go will see it: from GoEnvironment, else inherited from MSBuild's process.</summary>
    protected string? ToolchainVariable(string name)
    {
        foreach (string entry in (GoEnvironment ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Reverse())
        {
            if (entry.StartsWith(name + "=", StringComparison.Ordinal))
                return entry.Substring(name.Length + 1);
        }
        return Environment.GetEnvironmentVariable(name);
    }

    private static void AddIfSet(List<string> environment, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            environment.Add($"{name}={value!.Trim()}");
    }

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (!HandleOutputLine(singleLine))
        {
            foreach (GoDiagnostic d in _parser!.ParseLine(singleLine))
                LogDiagnostic(d);
        }
        Log.LogMessage(messageImportance, singleLine);
    }

    /// <summary>Lets a task consume a line itself (go test's JSON); true when it did.</summary>
    protected virtual bool HandleOutputLine(string line) => false;

    /// <summary>Parses text the task got some other way (e.g. build errors inside go test's JSON output).</summary>
    protected void ParseText(string line)
    {
        foreach (GoDiagnostic d in _parser!.ParseLine(line))
            LogDiagnostic(d);
    }

    private protected void LogDiagnostic(GoDiagnostic d)
    {
        if (d.IsWarning)
        {
            Log.LogWarning(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
        }
        else
        {
            _diagnosticErrors++;
            _errors.Add(d);
            Log.LogError(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
        }
    }

    private protected void LogKs(KsDiagnostic diagnostic, params object?[] args) =>
        Log.LogError(null, diagnostic.Code, null, null, 0, 0, 0, 0, diagnostic.Format(args));

    // ToolTask would say "MSB6006: go exited with code 1". Say something useful instead, unless Go's own errors already did.
    protected override bool HandleTaskExecutionErrors()
    {
        if (WasInterrupted(ExitCode))
        {
            // A stop the user asked for (Ctrl+C) is not a failure of the code: no KS1007 for it.
            Log.LogMessage(MessageImportance.Normal, $"'go {Verb}' was interrupted (exit code {ExitCode}).");
            if (BuildEngine is IBuildEngine7 engine)
                engine.AllowFailureWithoutError = true;
            return false;
        }
        if (!LoggedDiagnosticErrors && !Log.HasLoggedErrors)
            LogFailure(ExitCode, string.Join(Environment.NewLine, UnparsedOutput.Skip(Math.Max(0, UnparsedOutput.Count - 20))));
        return false;
    }

    protected virtual void LogFailure(int exitCode, string output) =>
        LogKs(KsDiagnostic.GoFailedWithoutDiagnostics, Verb, exitCode, output.Length == 0 ? "(no output)" : output);
}
