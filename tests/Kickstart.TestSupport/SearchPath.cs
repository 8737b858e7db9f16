using System;
using System.IO;
using System.Linq;

namespace Kickstart.TestSupport;

/// <summary>Where the shell would find a program: the first match in PATH (the tests and the benchmark find go, tmux, wrk).</summary>
public static class SearchPath
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
}
