using System;
using System.IO;
using System.Linq;
using Kickstart.Benchmarks.Measurements;
using Kickstart.Benchmarks.Reporting;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks;

/// <summary>
/// End-to-end figures for Kickstart.Sdk against the floor set by the Go toolchain itself.
/// Usage: dotnet run -c Release --project benchmarks/Kickstart.Benchmarks -- [--quick] [--n N] [--proxy] [--markdown FILE] [--keep]
/// (--proxy: only the dev proxy part, 10; the default run does everything, 10 included.)
/// The measurements are in Measurements/ (each a class whose Run returns a result record), run in order by
/// <see cref="BenchmarkRun"/>; Reporting/ turns the results into the console summary and the markdown.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        int n = 20;
        if (args.Contains("--quick")) n = 5;
        int at = Array.IndexOf(args, "--n");
        if (at >= 0 && at + 1 < args.Length) n = int.Parse(args[at + 1]);
        at = Array.IndexOf(args, "--markdown");
        string? markdown = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        bool keep = args.Contains("--keep");
        bool proxyOnly = args.Contains("--proxy");
        if (SearchPath.Find("wrk") is null)
        {
            Console.Error.WriteLine(DevProxy.WrkInstallHint);
            return 2;
        }

        string commandLine = "dotnet run -c Release --project benchmarks/Kickstart.Benchmarks --" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
        var run = new BenchmarkRun(n, commandLine, proxyOnly);
        int exit = 0;
        try
        {
            run.Run();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"benchmark failed: {e}");
            exit = 1;
        }
        finally
        {
            run.Cleanup(keep);
        }
        string report = Report.Markdown(run.Results);
        Console.WriteLine();
        Console.WriteLine(Report.Summary(run.Results));
        Console.WriteLine();
        Console.WriteLine(report);
        if (markdown is not null)
            File.WriteAllText(markdown, report);
        return exit;
    }
}
