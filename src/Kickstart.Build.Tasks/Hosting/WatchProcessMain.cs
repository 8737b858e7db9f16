using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Kickstart.Build.Tasks.Diagnostics;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Hosting;

/// <summary>
/// The watch's own process (Kickstart.WatchProcess.dll calls this once it can load MSBuild's assemblies): runs the
/// Watch task the build handed over, with a <see cref="RelayBuildEngine"/>, and ends with the task's result.
/// </summary>
internal static class WatchProcessMain
{
    public static int Run(TextReader fromBuild, TextWriter toBuild)
    {
        WatchStartLine start;
        try
        {
            start = WatchStartLine.Read(fromBuild.ReadLine() ?? throw new JsonException("no start line"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or IOException)
        {
            Console.Error.WriteLine($"{WatchProcessContract.ProgramFileName}: no start line of the Watch task ({e.Message}); it is started by `dotnet build -t:Watch`.");
            return WatchProcessContract.ExitBadStartLine;
        }
        string projectFile = start.Parameters.TryGetValue(nameof(GoWatch.ProjectFile), out object? p) && p is string s ? s : "";
        var engine = new RelayBuildEngine(toBuild, start.GlobalProperties, projectFile);
        var task = new GoWatch { BuildEngine = engine, Requests = new BuildRequests(fromBuild), CommandLine = start.CommandLine.ToArray(),
            BuildProcessId = start.BuildProcessId };
        start.ApplyTo(task);
        bool succeeded;
        try
        {
            succeeded = task.Execute();
        }
        catch (Exception e)
        {
            // In the build's process MSBuild would report it (MSB4018); here it is this program's to say (the stack
            // for the report on stderr, the terminal's).
            Console.Error.WriteLine(e);
            engine.LogErrorEvent(new BuildErrorEventArgs(null, KsDiagnostic.InternalError.Code, projectFile, 0, 0, 0, 0,
                KsDiagnostic.InternalError.Format(e.GetType().Name, e.Message), null, nameof(GoWatch)));
            succeeded = false;
        }
        engine.Done(succeeded);
        return succeeded ? 0 : 1;
    }
}
