using System.IO;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Kickstart.Aspire.Hosting.Publishing;

/// <summary>
/// Publish mode: the Go project is described as a container built from the Dockerfile Kickstart generates next to it,
/// its build context the module root, with the resource's endpoints and environment.
/// </summary>
internal static class GoProjectPublishing
{
    /// <summary>
    /// In publish mode, writes the project's Dockerfile (the SDK's GenerateGoDockerfile target) and turns the resource
    /// into a container built from it (Aspire's <c>PublishAsDockerFile</c>: the container keeps the resource's
    /// annotations, so endpoints, environment and references added after this call are the container's too, and the
    /// watch's own arguments are not its). In run mode it does nothing.
    /// </summary>
    /// <exception cref="System.InvalidOperationException">KS3010–KS3013: the Dockerfile could not be written.</exception>
    public static IResourceBuilder<GoProjectResource> PublishAsGoContainer(this IResourceBuilder<GoProjectResource> builder)
    {
        if (!builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
            return builder;
        GoDockerfileLocation location = GoDockerfileGenerator.Generate(builder.Resource.Name, builder.Resource.ProjectPath);
        string dockerfile = Path.GetRelativePath(location.ContextDirectory, location.DockerfilePath);
        return builder.PublishAsDockerFile(container => container.WithDockerfile(location.ContextDirectory, dockerfile));
    }
}
