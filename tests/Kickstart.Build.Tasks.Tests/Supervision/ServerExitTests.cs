using System;
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
        Assert.Equal("killed by signal SIGSEGV (11)", new ServerExit(null, 11, false, TimeSpan.Zero).Describe());
    }

    [Fact]
    public void Describes_a_signal_whose_number_differs_between_platforms_by_number_only()
    {
        // 7 is SIGBUS on Linux but SIGEMT on macOS: a number is never wrong.
        Assert.Equal("killed by signal 7", new ServerExit(null, 7, false, TimeSpan.Zero).Describe());
    }

    [Theory]
    [InlineData(5003, "killed after not stopping within 5 s")]
    [InlineData(1250, "killed after not stopping within 1.2 s")]
    [InlineData(400, "killed after not stopping within 400 ms")]
    public void Describes_a_kill_after_the_timeout(int stopMilliseconds, string expected)
    {
        var exit = new ServerExit(null, 9, true, TimeSpan.FromMilliseconds(stopMilliseconds));

        Assert.Equal(expected, exit.Describe());
    }
}
