using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>Reads evaluated properties and items through the CLI (`dotnet msbuild -getProperty/-getItem`), as an IDE would see them.</summary>
internal static class Evaluation
{
    public static Dictionary<string, string> Properties(GoProject project, IEnumerable<string> names, params string[] extraArguments)
    {
        var args = new List<string> { "msbuild", project.ProjectPath };
        // Two or more names make the CLI answer in JSON.
        args.AddRange(names.Append("MSBuildProjectName").Distinct().Select(n => "-getProperty:" + n));
        args.AddRange(extraArguments);
        CommandResult result = project.Dotnet(args.ToArray());
        Assert.True(result.Succeeded, result.ToString());
        using JsonDocument doc = JsonDocument.Parse(JsonStart(result.Output));
        return doc.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }

    /// <summary>Item specs (project-relative, with forward slashes) of one item type.</summary>
    public static List<(string Include, Dictionary<string, string> Metadata)> Items(GoProject project, string itemType, params string[] extraArguments)
    {
        var args = new List<string> { "msbuild", project.ProjectPath, "-getItem:" + itemType };
        args.AddRange(extraArguments);
        CommandResult result = project.Dotnet(args.ToArray());
        Assert.True(result.Succeeded, result.ToString());
        using JsonDocument doc = JsonDocument.Parse(JsonStart(result.Output));
        if (!doc.RootElement.GetProperty("Items").TryGetProperty(itemType, out JsonElement items))
            return new();
        return items.EnumerateArray().Select(i => (
            i.GetProperty("Identity").GetString()!.Replace('\\', '/'),
            i.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.ToString()))).ToList();
    }

    private static string JsonStart(string output) => output.Substring(output.IndexOf('{'));
}
