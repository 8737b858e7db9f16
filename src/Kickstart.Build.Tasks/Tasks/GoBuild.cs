using System;
using System.IO;
using System.Linq;
using Kickstart.Build.Tasks.Building;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks;

/// <summary>
/// Runs `go build -o OutputFile [flags] MainPackage`. Incrementality is the target's job (Inputs/Outputs and the inputs
/// cache) and Go's own build cache's; this task only builds and reports.
/// </summary>
public sealed class GoBuild : GoToolTask
{
    [Required] public string MainPackage { get; set; } = ".";
    [Required] public string OutputFile { get; set; } = "";
    /// <summary>Build tags, separated by commas, semicolons or spaces.</summary>
    public string? Tags { get; set; }
    public string? LdFlags { get; set; }
    /// <summary>Any other `go build` flags, as on a command line.</summary>
    public string? BuildFlags { get; set; }
    public bool TrimPath { get; set; }
    /// <summary>Leave out the symbol table and DWARF (-ldflags "-s -w").</summary>
    public bool StripSymbols { get; set; }

    protected override string Verb => "build";

    protected override bool Run()
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(OutputFile));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        return base.Run();
    }

    protected override string GenerateCommandLineCommands()
    {
        var b = new CommandLineBuilder();
        b.AppendSwitch("build");
        b.AppendSwitchIfNotNull("-o ", Path.GetFullPath(OutputFile));
        if (TrimPath)
            b.AppendSwitch("-trimpath");
        string tags = string.Join(",", (Tags ?? "").Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries));
        if (tags.Length > 0)
            b.AppendSwitchIfNotNull("-tags ", tags);
        string ldflags = string.Join(" ", new[] { StripSymbols ? "-s -w" : null, LdFlags?.Trim() }.Where(s => !string.IsNullOrEmpty(s)));
        if (ldflags.Length > 0)
            b.AppendSwitchIfNotNull("-ldflags ", ldflags);
        foreach (string word in CommandLineWords.Split(BuildFlags))
            b.AppendSwitchIfNotNull("", word);
        b.AppendSwitchIfNotNull("", ToGoPackagePattern(MainPackage));
        return b.ToString();
    }

    // `go build internal/cmd` would look in GOROOT; a directory relative to the module must start with "./".
    internal static string ToGoPackagePattern(string mainPackage)
    {
        string p = mainPackage.Trim().Replace('\\', '/');
        if (p.Length == 0 || p == ".")
            return ".";
        if (p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(mainPackage))
            return p;
        // An import path such as example.com/server/cmd/web (a dot in the first element) is passed on as it is.
        string first = p.Split('/')[0];
        return first.Contains('.') && p.Contains('/') ? p : "./" + p;
    }
}
