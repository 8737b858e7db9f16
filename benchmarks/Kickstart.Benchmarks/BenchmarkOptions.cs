using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Kickstart.Benchmarks;

/// <summary>
/// The command line: how many repetitions, which measurements (<c>--only</c>), which SDK package (this tree's, a
/// directory's, or a commit's built in a clone of its own), and what every watch is given on top (<c>--property</c>,
/// <c>--env</c>).
/// </summary>
internal sealed record BenchmarkOptions
{
    /// <summary>The names <c>--only</c> takes, in the order the run makes them.</summary>
    public static readonly string[] Measurements =
    {
        "floor", "dotnet-build", "watch", "startup", "tree", "proxy", "large", "buildvcs", "small", "services", "content",
    };

    public int N { get; init; } = 20;
    public string? Markdown { get; init; }
    public bool Keep { get; init; }
    /// <summary>Null: everything; else the measurements named by <c>--only a,b</c> (<c>--proxy</c> = <c>--only proxy</c>).</summary>
    public IReadOnlySet<string>? Only { get; init; }
    /// <summary>A directory holding a Kickstart.Sdk.*.nupkg to measure instead of this tree's artifacts/packages.</summary>
    public string? SdkPackageDir { get; init; }
    /// <summary>A commit whose package is built in a clone of this repository and measured instead.</summary>
    public string? BaselineCommit { get; init; }
    /// <summary>`Name=Value` pairs passed to every watch as `-p:Name=Value` (to turn a shortcut off, say).</summary>
    public IReadOnlyList<string> Properties { get; init; } = Array.Empty<string>();
    /// <summary>`NAME=value` pairs set in the environment of every watch (the .NET runtime's knobs of the build process, say).</summary>
    public IReadOnlyList<string> Environment { get; init; } = Array.Empty<string>();
    /// <summary>Reloads of the large module for the memory figures (11).</summary>
    public int MemoryReloads { get; init; } = 200;

    public bool ProxyOnly => Only is { Count: 1 } only && only.Contains("proxy");

    public bool Runs(string measurement) => Only is null || Only.Contains(measurement);

    public static BenchmarkOptions Parse(string[] args)
    {
        var o = new BenchmarkOptions();
        var only = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<string>();
        var environment = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick": o = o with { N = 5 }; break;
                case "--n": o = o with { N = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
                case "--markdown": o = o with { Markdown = Value() }; break;
                case "--keep": o = o with { Keep = true }; break;
                case "--proxy": only.Add("proxy"); break;
                case "--only":
                    foreach (string name in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!Measurements.Contains(name))
                            throw new ArgumentException($"--only {name}: not a measurement; one of {string.Join(", ", Measurements)}");
                        only.Add(name);
                    }
                    break;
                case "--sdk-package": o = o with { SdkPackageDir = Value() }; break;
                case "--baseline-commit": o = o with { BaselineCommit = Value() }; break;
                case "--property": properties.Add(Assignment("--property", Value(), "Name=Value")); break;
                case "--env": environment.Add(Assignment("--env", Value(), "NAME=value")); break;
                case "--memory-reloads": o = o with { MemoryReloads = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        if (o.SdkPackageDir is not null && o.BaselineCommit is not null)
            throw new ArgumentException("--sdk-package and --baseline-commit both name the package to measure: give one");
        return o with { Only = only.Count == 0 ? null : only, Properties = properties, Environment = environment };
    }

    /// <summary>A `--property` or `--env` value: a name, `=`, and a value (possibly empty).</summary>
    private static string Assignment(string option, string value, string form) =>
        value.Contains('=') && !value.StartsWith('=') ? value : throw new ArgumentException($"{option} {value}: write {form}");

    public const string Usage =
        "usage: dotnet run -c Release --project benchmarks/Kickstart.Benchmarks -- [--quick] [--n N] [--only a,b,…] [--proxy]\n" +
        "       [--markdown FILE] [--keep] [--sdk-package DIR | --baseline-commit SHA] [--property Name=Value]… [--env NAME=value]…\n" +
        "       [--memory-reloads N]";
}
