using System;
using System.Collections.Generic;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>A rebuild's Go errors reach the developer's terminal the moment the rebuild fails, under the default logger.</summary>
[Collection(WatchCollection.Name)]
public sealed class TerminalDiagnosticsTests
{
    [Fact]
    public void CompileErrorOfARebuildIsShownAtOnceUnderTheTerminalLogger()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for this test (.ci/run installs it)");
        using GoProject project = TestServer.Create(nameof(CompileErrorOfARebuildIsShownAtOnceUnderTheTerminalLogger));
        int port = Http.FreePort();
        var environment = project.Environment(new Dictionary<string, string?>
        {
            ["MSBUILDTERMINALLOGGER"] = null, ["CI"] = null, ["TF_BUILD"] = null, ["GITHUB_ACTIONS"] = null, ["TERM"] = "xterm-256color",
        });
        using TmuxTerminal terminal = TmuxTerminal.Start(project.Directory, $"dotnet build {project.ProjectPath} -t:Watch -p:KickstartServerUrl=http://127.0.0.1:{port}", environment);
        int session = terminal.PanePid;
        try
        {
            Assert.True(terminal.WaitForScreen(s => s.Contains("serving at"), TimeSpan.FromSeconds(90)), terminal.Screen);

            project.Write("main.go", TestServer.Main.Replace("const message = \"v1\"", "const message = v1 +"));
            Assert.True(terminal.WaitForScreen(s => s.Contains("main.go(") && s.Contains("error GO1001") && s.Contains("still serving"), TimeSpan.FromSeconds(60)), terminal.Screen);

            project.Write("main.go", TestServer.WithMessage("v2"));
            Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains("message=v2"), TimeSpan.FromSeconds(60)), terminal.Screen);
            terminal.SendKeys("C-c");
            Assert.True(terminal.WaitForScreen(_ => terminal.PaneDead, TimeSpan.FromSeconds(30)), terminal.Screen);
        }
        finally
        {
            ProcessTable.KillSession(session);
        }
    }
}
