using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class ExitStatusDecoderTests
{
    [Theory]
    [InlineData(0, true, 0, null)]
    [InlineData(3, true, 3, null)]
    [InlineData(128, true, 128, null)]      // 128 itself carries no signal
    [InlineData(130, true, null, 2)]        // SIGINT
    [InlineData(137, true, null, 9)]        // SIGKILL
    [InlineData(139, true, null, 11)]       // SIGSEGV
    [InlineData(143, true, null, 15)]       // SIGTERM
    [InlineData(192, true, null, 64)]       // highest real-time signal
    [InlineData(255, true, 255, null)]      // beyond any signal: an ordinary exit code
    [InlineData(137, false, 137, null)]     // Windows has no signals
    [InlineData(-1, false, -1, null)]       // what a killed process reports on Windows
    public void Decodes_the_shell_convention_on_unix_only(int reported, bool isUnix, int? exitCode, int? signal)
    {
        Assert.Equal((exitCode, signal), ExitStatusDecoder.Decode(reported, isUnix));
    }
}
