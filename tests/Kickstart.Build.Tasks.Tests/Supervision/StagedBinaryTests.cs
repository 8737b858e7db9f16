using System.Diagnostics;
using System.IO;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Build.Tasks.Tests.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class StagedBinaryTests
{
    [UnixFact]
    public void Staging_over_a_copy_that_is_still_running_replaces_it()
    {
        using var scratch = new TempDirectory();
        string staging = Directory.CreateDirectory(scratch.At("staging")).FullName;
        // An earlier watch's server, still running from the name this watch's first iteration stages to.
        string running = Path.Combine(staging, "server-1");
        File.Copy("/bin/sleep", running);
        string built = scratch.At("server");
        File.Copy("/bin/true", built);
        using Process earlier = Process.Start(new ProcessStartInfo(running, "1000") { RedirectStandardInput = true })!;
        try
        {
            StagedBinary staged = StagedBinary.Stage(built, staging, iteration: 1);

            Assert.Equal(running, staged.Path);
            Assert.True(staged.HasSameContentAs(built));
            Assert.Equal(new[] { running }, Directory.GetFiles(staging));
            using Process fresh = Process.Start(staged.Path)!;
            fresh.WaitForExit();
            Assert.Equal(0, fresh.ExitCode);
        }
        finally
        {
            earlier.Kill();
            earlier.WaitForExit();
        }
    }

    [UnixFact]
    public void A_failed_copy_leaves_no_temporary_file_behind()
    {
        using var scratch = new TempDirectory();
        string staging = Directory.CreateDirectory(scratch.At("staging")).FullName;

        Assert.Throws<FileNotFoundException>(() => StagedBinary.Stage(scratch.At("missing"), staging, iteration: 1));

        Assert.Empty(Directory.GetFiles(staging));
    }
}
