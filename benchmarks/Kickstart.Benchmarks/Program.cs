using System;
using System.IO;
using System.Linq;
using Kickstart.Benchmarks.Measurements;
using Kickstart.Benchmarks.Reporting;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks;

/// <summary>
/// End-to-end figures for Kickstart.Sdk against the floor set by the Go toolchain itself.
/// Usage: <see cref="BenchmarkOptions.Usage"/> (--proxy: only the dev proxy part, 10; --only a,b: only those
/// measurements; the default run does everything, 1–15).
/// The measurements are in Measurements/ (each a class whose Run returns a result record), run in order by
/// <see cref="BenchmarkRun"/>; Reporting/ turns the results into the console summary and the markdown.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }
        if (options.Runs("proxy") && SearchPath.Find("wrk") is null)
        {
            Console.Error.WriteLine(DevProxy.WrkInstallHint);
            return 2;
        }

        string commandLine = "dotnet run -c Release --project benchmarks/Kickstart.Benchmarks --" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
        var run = new BenchmarkRun(options, commandLine);
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
            run.Cleanup(options.Keep);
        }
        string report = Report.Markdown(run.Results);
        Console.WriteLine();
        Console.WriteLine(Report.Summary(run.Results));
        Console.WriteLine();
        Console.WriteLine(report);
        if (options.Markdown is not null)
            File.WriteAllText(options.Markdown, report);
        return exit;
    }
}
