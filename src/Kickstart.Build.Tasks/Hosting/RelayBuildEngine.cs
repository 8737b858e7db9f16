using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Hosting;

/// <summary>
/// The build engine of the Watch task in the watch's own process: what the task logs goes, one line each
/// (<see cref="BuildEventLine"/>), to the build that started the process, which logs it as its own; the global
/// properties are the build's. The watch builds through a BuildManager of its own and never asks the engine to build.
/// </summary>
internal sealed class RelayBuildEngine : IBuildEngine6
{
    private readonly TextWriter _toBuild;
    private readonly IReadOnlyDictionary<string, string> _globalProperties;
    private readonly Dictionary<object, object> _taskObjects = new();
    // Lines are written by a thread of their own and flushed when none is waiting: a server that prints a burst of
    // lines costs one write per batch, not one per line, and a lone status line still goes at once. Bounded, so a
    // server that prints faster than the build reads is slowed down (as by its own pipe) instead of filling memory.
    private readonly BlockingCollection<string> _lines = new(boundedCapacity: 4096);
    private readonly Thread _writer;

    public RelayBuildEngine(TextWriter toBuild, IReadOnlyDictionary<string, string> globalProperties, string projectFile)
    {
        _toBuild = toBuild;
        _globalProperties = globalProperties;
        ProjectFileOfTaskNode = projectFile;
        _writer = new Thread(WriteLines) { IsBackground = true, Name = "Kickstart events to the build" };
        _writer.Start();
    }

    public void LogMessageEvent(BuildMessageEventArgs e) => Send(BuildEventLine.Message(e));
    public void LogWarningEvent(BuildWarningEventArgs e) => Send(BuildEventLine.Warning(e));
    public void LogErrorEvent(BuildErrorEventArgs e) => Send(BuildEventLine.Error(e));
    public void LogCustomEvent(CustomBuildEventArgs e) => Send(BuildEventLine.Message(new BuildMessageEventArgs(e.Message, e.HelpKeyword, e.SenderName, MessageImportance.Low)));

    /// <summary>The task's result, the last line: everything before it is written when this returns.</summary>
    public void Done(bool succeeded)
    {
        Send(BuildEventLine.Done(succeeded));
        _lines.CompleteAdding();
        _writer.Join();
    }

    private void Send(string line)
    {
        try
        {
            _lines.Add(line);
        }
        catch (InvalidOperationException)
        {
            // after Done: the task has returned, MSBuild would refuse it too
        }
    }

    private void WriteLines()
    {
        bool buildGone = false;
        foreach (string line in _lines.GetConsumingEnumerable())
        {
            if (buildGone)
                continue; // the build's process is gone (kill -9): the watch is stopping already (stdin ended)
            try
            {
                _toBuild.WriteLine(line);
                if (_lines.Count == 0)
                    _toBuild.Flush();
            }
            catch (IOException)
            {
                buildGone = true;
            }
        }
        try { _toBuild.Flush(); }
        catch (IOException) { }
    }

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode { get; }
    public bool IsRunningMultipleNodes => false;

    public IReadOnlyDictionary<string, string> GetGlobalProperties() => _globalProperties;

    // Nothing else shares this process: there is no node to give back.
    public void Yield()
    {
    }

    public void Reacquire()
    {
    }

    public void LogTelemetry(string eventName, IDictionary<string, string> properties)
    {
    }

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection)
    {
        lock (_taskObjects)
            _taskObjects[key] = obj;
    }

    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime)
    {
        lock (_taskObjects)
            return _taskObjects.TryGetValue(key, out object? obj) ? obj : null;
    }

    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime)
    {
        lock (_taskObjects)
        {
            if (_taskObjects.Remove(key, out object? obj))
                return obj;
            return null;
        }
    }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw NoBuilds();

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) =>
        throw NoBuilds();

    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties,
        IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) =>
        throw NoBuilds();

    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties,
        IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) =>
        throw NoBuilds();

    private static NotSupportedException NoBuilds() =>
        new("The watch's process builds through its own BuildManager (Rebuilding/IterationBuilder.cs), never through the task's engine.");
}
