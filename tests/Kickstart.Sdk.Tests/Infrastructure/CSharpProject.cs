using System.IO;
using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// A plain C# console app (Microsoft.NET.Sdk, the test's own target framework, no packages), written with MSBuild's
/// construction API: the .NET side of solutions and project references.
/// </summary>
internal sealed class CSharpProject
{
    public const string TargetFramework = "net10.0";

    private CSharpProject(string directory, string name)
    {
        Directory = directory;
        Name = name;
        ProjectPath = Path.Combine(directory, name + ".csproj");
        Project = ProjectRootElement.Create(NewProjectFileOptions.None);
        Project.Sdk = "Microsoft.NET.Sdk";
    }

    public string Directory { get; }
    public string Name { get; }
    public string ProjectPath { get; }
    public ProjectRootElement Project { get; }

    public string OutputDirectory(string configuration = "Debug") => Path.Combine(Directory, "bin", configuration, TargetFramework);

    public string PublishDirectory(string configuration = "Release") => Path.Combine(OutputDirectory(configuration), "publish");

    public static CSharpProject CreateConsoleApp(string directory, string name, string program)
    {
        System.IO.Directory.CreateDirectory(directory);
        var project = new CSharpProject(directory, name);
        ProjectPropertyGroupElement properties = project.Project.AddPropertyGroup();
        properties.AddProperty("OutputType", "Exe");
        properties.AddProperty("TargetFramework", TargetFramework);
        properties.AddProperty("ImplicitUsings", "enable");
        properties.AddProperty("Nullable", "enable");
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program.Replace("\r\n", "\n"));
        project.Save();
        return project;
    }

    public CSharpProject AddProjectReference(string path)
    {
        Project.AddItem("ProjectReference", path);
        return Save();
    }

    public CSharpProject Save()
    {
        Project.Save(ProjectPath);
        return this;
    }
}
