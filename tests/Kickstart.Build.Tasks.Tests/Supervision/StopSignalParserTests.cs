using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class StopSignalParserTests
{
    [Theory]
    [InlineData("SIGTERM", StopSignal.Terminate)]
    [InlineData("TERM", StopSignal.Terminate)]
    [InlineData("sigterm", StopSignal.Terminate)]
    [InlineData(" Term ", StopSignal.Terminate)]
    [InlineData("15", StopSignal.Terminate)]
    [InlineData("SIGINT", StopSignal.Interrupt)]
    [InlineData("sigint", StopSignal.Interrupt)]
    [InlineData("INT", StopSignal.Interrupt)]
    [InlineData("2", StopSignal.Interrupt)]
    [InlineData("SIGKILL", StopSignal.Kill)]
    [InlineData("kill", StopSignal.Kill)]
    [InlineData("9", StopSignal.Kill)]
    public void Parses_names_with_or_without_the_SIG_prefix_in_any_case(string text, StopSignal expected)
    {
        Assert.True(StopSignalParser.TryParse(text, out StopSignal signal));
        Assert.Equal(expected, signal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("SIG")]
    [InlineData("SIGHUP")]
    [InlineData("TERMINATE")]
    [InlineData("SIGSIGTERM")]
    [InlineData("11")]
    [InlineData("-15")]
    public void Rejects_anything_else(string? text)
    {
        Assert.False(StopSignalParser.TryParse(text, out _));
    }
}
