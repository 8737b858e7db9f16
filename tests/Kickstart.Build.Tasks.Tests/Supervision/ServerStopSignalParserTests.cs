using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class ServerStopSignalParserTests
{
    [Theory]
    [InlineData("SIGTERM", ServerStopSignal.Terminate)]
    [InlineData("TERM", ServerStopSignal.Terminate)]
    [InlineData("sigterm", ServerStopSignal.Terminate)]
    [InlineData(" Term ", ServerStopSignal.Terminate)]
    [InlineData("15", ServerStopSignal.Terminate)]
    [InlineData("SIGINT", ServerStopSignal.Interrupt)]
    [InlineData("sigint", ServerStopSignal.Interrupt)]
    [InlineData("INT", ServerStopSignal.Interrupt)]
    [InlineData("2", ServerStopSignal.Interrupt)]
    [InlineData("SIGKILL", ServerStopSignal.Kill)]
    [InlineData("kill", ServerStopSignal.Kill)]
    [InlineData("9", ServerStopSignal.Kill)]
    public void Parses_names_with_or_without_the_SIG_prefix_in_any_case(string text, ServerStopSignal expected)
    {
        Assert.True(ServerStopSignalParser.TryParse(text, out ServerStopSignal signal));
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
        Assert.False(ServerStopSignalParser.TryParse(text, out _));
    }
}
