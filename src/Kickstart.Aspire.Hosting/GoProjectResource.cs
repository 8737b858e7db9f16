using System;
using System.Collections.Generic;
using System.IO;
using Aspire.Hosting.ApplicationModel;
using Kickstart.Aspire.Hosting.Running;

namespace Aspire.Hosting;

/// <summary>
/// A Go project (a project file on Kickstart.Sdk) as an Aspire resource. In run mode it is an executable: the
/// <c>dotnet</c> that runs Kickstart's watch on the project (<c>dotnet build PROJECT -t:Watch</c>), which builds the Go
/// server, runs it, and rebuilds and swaps it on every save.
/// </summary>
/// <remarks>
/// The resource's arguments (<c>WithArgs</c>) are the Go server's, not <c>dotnet</c>'s: in run mode they reach the watch
/// as <c>KickstartServerArguments</c>. Its environment (<c>WithEnvironment</c>, <c>WithReference</c>, OpenTelemetry's
/// variables) is the watch's, which the Go server inherits.
/// </remarks>
public class GoProjectResource : ExecutableResource, IResourceWithServiceDiscovery
{
    /// <summary>Creates the resource; <see cref="GoProjectResourceBuilderExtensions.AddGoProject"/> is the way to add one.</summary>
    /// <param name="name">The resource's name.</param>
    /// <param name="projectPath">The project file, full path.</param>
    public GoProjectResource(string name, string projectPath)
        : base(name, "dotnet", Path.GetDirectoryName(projectPath) ?? throw new ArgumentException("A project file path is needed.", nameof(projectPath)))
    {
        ProjectPath = projectPath;
    }

    /// <summary>The project file, full path.</summary>
    public string ProjectPath { get; }

    /// <summary>Whether the watch runs Kickstart's dev proxy on the resource's http endpoint (<c>WithDevProxy</c>).</summary>
    public bool UsesDevProxy { get; internal set; }

    /// <summary>Whether a server of the watch answers: it said running (or a failed build left the old one serving).</summary>
    internal bool Serving { get; set; }

    /// <summary>The state the watch last reported (null: none connected).</summary>
    internal string? WatchStateText { get; set; }

    /// <summary>The <c>WithArgs</c> callbacks, taken off the resource before it starts: the Go server's arguments.</summary>
    internal List<CommandLineArgsCallbackAnnotation> ServerArgumentCallbacks { get; } = new();

    /// <summary>The watch's control channel (run mode); created when the resource is added.</summary>
    internal WatchControlChannel Channel { get; } = new();
}
