using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Kickstart.DevProxy.Tests.Infrastructure;

/// <summary>The built Kickstart.DevProxy.dll, as recorded at build time by the test project.</summary>
internal static class DevProxyLocation
{
    public static string Dll { get; } = Find();

    private static string Find()
    {
        string? path = typeof(DevProxyLocation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "DevProxyDll")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            throw new InvalidOperationException($"Kickstart.DevProxy.dll was not found at '{path}'; build the test project, which builds it first.");
        return path;
    }
}
