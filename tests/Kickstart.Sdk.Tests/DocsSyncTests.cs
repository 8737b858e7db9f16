using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// The README's tables cannot drift from the code: every KS code the tasks or targets can raise is in the error-code
/// table and the table names no other; no code is defined that nothing raises; every property of Kickstart's own the
/// SDK defines is in the property table, and the table names none the SDK does not know.
/// </summary>
public sealed class DocsSyncTests
{
    // The .NET SDK's own properties: Kickstart gives them the defaults every .NET developer knows, and Microsoft's
    // documentation describes them. A new one here is a conscious decision, not an oversight.
    private static readonly HashSet<string> StandardProperties = new(StringComparer.Ordinal)
    {
        "BaseIntermediateOutputPath", "BaseOutputPath", "BuildDependsOn", "Configuration", "CoreBuildDependsOn", "CustomCollectWatchItems",
        "DefaultItemExcludes", "DefaultProjectTypeGuid", "DirectoryBuildPropsPath", "DirectoryBuildTargetsPath", "EnableDefaultItems",
        "ImportDirectoryBuildProps", "ImportDirectoryBuildTargets", "IntermediateOutputPath", "IsTestProject", "MSBuildAllProjects",
        "MSBuildProjectExtensionsPath", "OutputPath", "OutputType", "PublishRelease", "RunCommand", "TargetDir", "TargetFileName",
        "TargetFramework", "TargetPath", "UsingKickstartSdk",
    };

    private static string Repo(string relative) => Path.Combine(TestRun.RepoRoot, relative);

    private static IEnumerable<string> SdkFiles() =>
        Directory.GetFiles(Repo("src/Kickstart.Sdk/Sdk")).Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal));

    /// <summary>Where Kickstart.Aspire.Hosting defines its KS codes: its Diagnostics classes (*Diagnostics.cs).</summary>
    private static IEnumerable<string> HostingDiagnosticsFiles() =>
        Directory.GetFiles(Repo("src/Kickstart.Aspire.Hosting"), "*Diagnostics.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));

    /// <summary>The table rows of one "## " section of the README.</summary>
    private static IEnumerable<string> ReadmeTableRows(string section) =>
        File.ReadLines(Repo("README.md"))
            .SkipWhile(l => l != "## " + section)
            .Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal));

    [Fact]
    public void EveryKsCodeIsInTheReadmeAndTheReadmeListsNoOther()
    {
        var defined = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(File.ReadAllText(Repo("src/Kickstart.Build.Tasks/Diagnostics/KsDiagnostic.cs")), @"new\(""(KS\d{4})"""))
            defined.Add(m.Groups[1].Value);
        foreach (string file in SdkFiles())
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"Code=""(KS\d{4})"""))
                defined.Add(m.Groups[1].Value);
        // The hosting package's own codes (exceptions in the app host, warnings in a resource's log).
        foreach (string file in HostingDiagnosticsFiles())
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"const string \w+ = ""(KS\d{4})"""))
                defined.Add(m.Groups[1].Value);

        var documented = new SortedSet<string>(ReadmeTableRows("Error codes")
            .Select(l => Regex.Match(l, @"^\| `(KS\d{4})`"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value), StringComparer.Ordinal);

        Assert.True(defined.Count > 20, "no KS codes found: " + string.Join(", ", defined));
        Assert.Equal(defined, documented);
    }

    [Fact]
    public void EveryKsCodeDefinedInCodeIsRaisedSomewhere()
    {
        MatchCollection definitions = Regex.Matches(File.ReadAllText(Repo("src/Kickstart.Build.Tasks/Diagnostics/KsDiagnostic.cs")),
            @"public static readonly KsDiagnostic (\w+) = new\(""(KS\d{4})""");
        string sources = string.Join("\n", Directory.GetFiles(Repo("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Where(f => Path.GetFileName(f) != "KsDiagnostic.cs")
            .Select(File.ReadAllText));

        var unused = definitions
            .Where(m => !Regex.IsMatch(sources, @"\bKsDiagnostic\." + m.Groups[1].Value + @"\b"))
            .Select(m => m.Groups[2].Value + " (" + m.Groups[1].Value + ")")
            .ToList();

        Assert.True(definitions.Count > 20, "no KS codes found in KsDiagnostic.cs");
        Assert.True(unused.Count == 0, "KS codes KsDiagnostic.cs defines but nothing raises (remove them and their README rows): " + string.Join(", ", unused));
    }

    [Fact]
    public void EveryPropertyOfKickstartsOwnIsInTheReadmeAndTheReadmeListsNoUnknownOne()
    {
        var defined = new SortedSet<string>(StringComparer.Ordinal);
        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in SdkFiles())
        {
            XDocument document = XDocument.Load(file);
            foreach (XElement group in document.Descendants("PropertyGroup"))
                foreach (XElement property in group.Elements())
                    if (!property.Name.LocalName.StartsWith("_", StringComparison.Ordinal))
                        defined.Add(property.Name.LocalName);
            foreach (Match m in Regex.Matches(document.ToString(), @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)"))
                mentioned.Add(m.Groups[1].Value);
        }

        var documented = new SortedSet<string>(ReadmeTableRows("Properties")
            .Select(l => l.Split('|')[1])
            .SelectMany(cell => Regex.Matches(cell, "`([A-Za-z_][A-Za-z0-9_]*)`").Select(m => m.Groups[1].Value)),
            StringComparer.Ordinal);

        var undocumented = defined.Where(p => !StandardProperties.Contains(p) && !documented.Contains(p)).ToList();
        Assert.True(undocumented.Count == 0, "properties the SDK defines but README's property table leaves out: " + string.Join(", ", undocumented));

        var unknown = documented.Where(p => !defined.Contains(p) && !mentioned.Contains(p)).ToList();
        Assert.True(unknown.Count == 0, "README's property table names properties the SDK does not know: " + string.Join(", ", unknown));
    }
}
