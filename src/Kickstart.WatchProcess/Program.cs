using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;

namespace Kickstart.WatchProcess;

/// <summary>
/// Makes MSBuild's assemblies loadable from the directory the Watch task names, then hands over to the task assembly
/// (Kickstart.Build.Tasks.Hosting.WatchProcessMain). Nothing here touches an MSBuild type: they load once the
/// resolver is in place.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != Kickstart.Build.Tasks.Hosting.WatchProcessContract.MSBuildDirectoryArgument || !Directory.Exists(args[1]))
        {
            Console.Error.WriteLine("Kickstart.WatchProcess.dll is started by `dotnet build -t:Watch` (Kickstart.Sdk), not by hand.");
            return 2;
        }
        string msbuild = args[1];
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            string candidate = Path.Combine(msbuild, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var toBuild = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = false };
        var fromBuild = new StreamReader(Console.OpenStandardInput(), utf8);
        // stdout is the conversation with the build: anything else written to the console goes to stderr (the terminal).
        Console.SetOut(Console.Error);
        return Run(fromBuild, toBuild);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Run(TextReader fromBuild, TextWriter toBuild) =>
        Kickstart.Build.Tasks.Hosting.WatchProcessMain.Run(fromBuild, toBuild);
}
