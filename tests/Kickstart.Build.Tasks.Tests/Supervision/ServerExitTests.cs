using System;
using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class ServerExitTests
{
    [Fact]
    public void Describes_an_exit_code()
    {
        Assert.Equal("exited with code 1", new ServerExit(1, null, false, TimeSpan.Zero).Describe());
    }

    [Fact]
    public void Describes_a_named_signal()
    {
        Assert.Equal("was killed by signal SIGSEGV (11)", new ServerExit(null, 11, false, TimeSpan.Zero).Describe());
    }

    [Fact]
    public void Describes_a_signal_whose_number_differs_between_platforms_by_number_only()
    {
        // 7 is SIGBUS on Linux but SIGEMT on macOS: a number is never wrong.
        Assert.Equal("was killed by signal 7", new ServerExit(null, 7, false, TimeSpan.Zero).Describe());
    }

    [Theory]
    [InlineData(5003, "was killed after not stopping within 5 s")]
    [InlineData(1250, "was killed after not stopping within 1.2 s")]
    [InlineData(400, "was killed after not stopping within 400 ms")]
    public void Describes_a_kill_after_the_timeout(int stopMilliseconds, string expected)
    {
        var exit = new ServerExit(null, 9, true, TimeSpan.FromMilliseconds(stopMilliseconds));

        Assert.Equal(expected, exit.Describe());
    }

    // KS2003 reads "The server {0}.": every description must complete that sentence.
    [Theory]
    [InlineData(3, null, false, 0, "The server exited with code 3.")]
    [InlineData(null, 9, false, 0, "The server was killed by signal SIGKILL (9).")]
    [InlineData(null, 7, false, 0, "The server was killed by signal 7.")]
    [InlineData(null, 9, true, 5003, "The server was killed after not stopping within 5 s.")]
    [InlineData(null, null, false, 0, "The server exited.")]
    public void Every_description_completes_the_KS2003_sentence(int? exitCode, int? signal, bool killedAfterTimeout, int stopMilliseconds, string expected)
    {
        var exit = new ServerExit(exitCode, signal, killedAfterTimeout, TimeSpan.FromMilliseconds(stopMilliseconds));

        string message = KsDiagnostic.ServerExited.Format(exit.Describe());

        Assert.StartsWith(expected + " ", message);
    }
}
