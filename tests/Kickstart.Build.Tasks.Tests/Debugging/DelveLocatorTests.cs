using System.IO;
using Kickstart.Build.Tasks.Debugging;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.Tests.Supervision;

namespace Kickstart.Build.Tasks.Tests.Debugging;

public sealed class DelveLocatorTests
{
    [UnixFact]
    public void Takes_KickstartDelvePath_as_the_executable_or_its_directory_before_PATH()
    {
        using var scratch = new TempDirectory();
        string dlv = scratch.At("dlv");
        File.WriteAllText(dlv, "");

        Assert.Equal(dlv, DelveLocator.Locate(dlv, "/nowhere", out KsDiagnostic? p1, out _));
        Assert.Equal(dlv, DelveLocator.Locate(scratch.Path, "/nowhere", out KsDiagnostic? p2, out _));
        Assert.Equal(dlv, DelveLocator.Locate(null, "/nowhere" + Path.PathSeparator + scratch.Path, out KsDiagnostic? p3, out _));
        Assert.Equal((null, null, null), (p1, p2, p3));
    }

    [UnixFact]
    public void A_missing_KickstartDelvePath_is_KS2041_naming_the_path_even_when_dlv_is_on_PATH()
    {
        using var scratch = new TempDirectory();
        File.WriteAllText(scratch.At("dlv"), "");
        string missing = scratch.At("no-such-dlv");

        Assert.Null(DelveLocator.Locate(missing, scratch.Path, out KsDiagnostic? problem, out object?[] arguments));
        Assert.Equal("KS2041", problem!.Code);
        string message = problem.Format(arguments);
        Assert.Contains(missing, message);
        Assert.Contains("KickstartDelvePath", message);
        Assert.Contains("apt-get install delve", message);
        Assert.Contains("go install github.com/go-delve/delve/cmd/dlv@latest", message);
    }

    [UnixFact]
    public void No_dlv_on_PATH_is_KS2040_that_names_the_property_and_how_to_install_Delve()
    {
        using var scratch = new TempDirectory();

        Assert.Null(DelveLocator.Locate("", scratch.Path, out KsDiagnostic? problem, out object?[] arguments));
        Assert.Equal("KS2040", problem!.Code);
        string message = problem.Format(arguments);
        Assert.Contains("KickstartDelvePath", message);
        Assert.Contains("apt-get install delve", message);
        Assert.Contains("go install github.com/go-delve/delve/cmd/dlv@latest", message);
    }
}
