using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
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
    private readonly object _gate = new();
    private readonly Dictionary<object, object> _taskObjects = new();
    private bool _buildGone;

    public RelayBuildEngine(TextWriter toBuild, IReadOnlyDictionary<string, string> globalProperties, string projectFile)
    {
        _toBuild = toBuild;
        _globalProperties = globalProperties;
        ProjectFileOfTaskNode = projectFile;
    }

    public void LogMessageEvent(BuildMessageEventArgs e) => Send(BuildEventLine.Message(e));
    public void LogWarningEvent(BuildWarningEventArgs e) => Send(BuildEventLine.Warning(e));
    public void LogErrorEvent(BuildErrorEventArgs e) => Send(BuildEventLine.Error(e));
    public void LogCustomEvent(CustomBuildEventArgs e) => Send(BuildEventLine.Message(new BuildMessageEventArgs(e.Message, e.HelpKeyword, e.SenderName, MessageImportance.Low)));

    /// <summary>The task's result, the last line.</summary>
    public void Done(bool succeeded) => Send(BuildEventLine.Done(succeeded));

    private void Send(string line)
    {
        lock (_gate)
        {
            if (_buildGone)
                return;
            try
            {
                _toBuild.WriteLine(line);
                _toBuild.Flush();
            }
            catch (IOException)
            {
                _buildGone = true; // the build's process is gone (SIGKILL): the watch is stopping already (stdin ended)
            }
        }
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
