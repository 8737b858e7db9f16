using System;
using System.Collections.Generic;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>The watch as a developer meets it: a real terminal, `dotnet build`'s default (terminal) logger, keys typed.</summary>
[Collection(WatchCollection.Name)]
public sealed class TerminalTests
{
    [Fact]
    public void ServerOutputIsLiveUnderTheTerminalLoggerAndKeysWork()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for this test (.ci/run installs it)");
        using GoProject project = TestServer.Create(nameof(ServerOutputIsLiveUnderTheTerminalLoggerAndKeysWork));
        int port = Http.FreePort();
        // Exactly the user's command, default logger settings: nothing about the terminal logger is set.
        var environment = project.Environment(new Dictionary<string, string?>
        {
            ["MSBUILDTERMINALLOGGER"] = null, ["CI"] = null, ["TF_BUILD"] = null, ["GITHUB_ACTIONS"] = null, ["TERM"] = "xterm-256color",
        });
        using TmuxTerminal terminal = TmuxTerminal.Start(project.Directory, $"dotnet build {project.ProjectPath} -t:Watch -p:KickstartServerUrl=http://127.0.0.1:{port}", environment);
        int session = terminal.PanePid;
        try
        {
            Assert.True(terminal.WaitForScreen(s => s.Contains("server v1: listening on") && s.Contains("serving at"), TimeSpan.FromSeconds(90)), terminal.Screen);
            Assert.Contains("Restore complete", terminal.Screen); // printed only by the terminal logger: it is really on

            project.Write("main.go", TestServer.WithMessage("v2"));
            Assert.True(terminal.WaitForScreen(s => s.Contains("server v2: listening on") && s.Contains("1 file changed (main.go)"), TimeSpan.FromSeconds(60)), terminal.Screen);
            Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains("message=v2"), TimeSpan.FromSeconds(30)));

            terminal.SendKeys("C-r");
            Assert.True(terminal.WaitForScreen(s => s.Contains("restarted by hand"), TimeSpan.FromSeconds(30)), terminal.Screen);

            terminal.SendKeys("C-c");
            Assert.True(terminal.WaitForScreen(_ => terminal.PaneDead, TimeSpan.FromSeconds(30)), terminal.Screen);
            Assert.True(Poll.Until(() => ProcessTable.LiveInSession(session).Count == 0, TimeSpan.FromSeconds(10)),
                "left running: " + string.Join(", ", ProcessTable.LiveInSession(session)));
            Assert.True(Http.PortIsFree(port));
        }
        finally
        {
            ProcessTable.KillSession(session);
        }
    }
}
