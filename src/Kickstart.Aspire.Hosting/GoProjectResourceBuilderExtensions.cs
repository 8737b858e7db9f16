using System;
using System.IO;
using Aspire.Hosting.ApplicationModel;
using Kickstart.Aspire.Hosting.Publishing;

namespace Aspire.Hosting;

/// <summary><c>builder.AddGoProject(name, projectPath)</c>.</summary>
public static class GoProjectResourceBuilderExtensions
{
    /// <summary>
    /// Adds a Go project (a project file on Kickstart.Sdk) that runs under Kickstart's watch: rebuilt and swapped on
    /// every save. <paramref name="projectPath"/> is relative to the app host's directory.
    /// </summary>
    public static IResourceBuilder<GoProjectResource> AddGoProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        string fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        var resource = new GoProjectResource(name, fullPath);
        return builder.AddResource(resource)
            .WithArgs("build", fullPath, "-t:Watch", "-nologo", "-nr:false", "-tl:off")
            // publish mode: a container built from the Dockerfile Kickstart generates (Publishing/)
            .PublishAsGoContainer();
    }
}
