using System;
using System.IO;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// A Go project (a project file on Kickstart.Sdk) as an Aspire resource. In run mode it is an executable: the
/// <c>dotnet</c> that runs Kickstart's watch on the project (<c>dotnet build PROJECT -t:Watch</c>).
/// </summary>
public class GoProjectResource : ExecutableResource
{
    public GoProjectResource(string name, string projectPath)
        : base(name, "dotnet", Path.GetDirectoryName(projectPath) ?? throw new ArgumentException("A project file path is needed.", nameof(projectPath)))
    {
        ProjectPath = projectPath;
    }

    /// <summary>The project file, full path.</summary>
    public string ProjectPath { get; }
}
