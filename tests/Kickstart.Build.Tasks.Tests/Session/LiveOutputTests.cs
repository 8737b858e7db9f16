using Kickstart.Build.Tasks.Diagnostics;
using Kickstart.Build.Tasks.Session;
using Microsoft.Build.Utilities;

namespace Kickstart.Build.Tasks.Tests.Session;

public sealed class LiveOutputTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void AWarningIsAnMSBuildWarningAndUnderTheTerminalLoggerAlsoALiveLine(string terminalLogger, bool saidLive)
    {
        var engine = new RecordingEngine();
        var output = new LiveOutput(engine, new TaskLoggingHelper(engine, "GoWatch"), "GoWatch", terminalLogger);

        output.Warn(KsDiagnostic.ServerExited, "exit code 2");
        output.Close();

        Assert.Equal(new[] { "KS2003" }, engine.Warnings);
        string live = "kickstart: warning KS2003: " + KsDiagnostic.ServerExited.Format("exit code 2");
        if (saidLive)
            Assert.Equal(new[] { live }, engine.Lines);
        else
            Assert.Empty(engine.Lines);
    }
}
