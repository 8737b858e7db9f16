using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
        int port = FreePort.Find();
        // Exactly the user's command, default logger settings: nothing about the terminal logger is set.
        var environment = project.Environment(new Dictionary<string, string?>
        {
            ["MSBUILDTERMINALLOGGER"] = null,
            ["CI"] = null,
            ["TF_BUILD"] = null,
            ["GITHUB_ACTIONS"] = null,
            ["TERM"] = "xterm-256color",
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
            AssertNothingLeft(session, port);
        }
        finally
        {
            ProcessTable.KillSession(session);
        }
    }

    /// <summary>
    /// Ctrl+C is how a watch ends: exit code 0, "kickstart: stopped", a successful build — and the final summary lists
    /// no error of an earlier rebuild that was fixed since, under either logger.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CtrlCEndsTheWatchAsASuccessfulBuildWithoutReListingFixedErrors(bool consoleLogger)
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for this test (.ci/run installs it)");
        using GoProject project = TestServer.Create(nameof(CtrlCEndsTheWatchAsASuccessfulBuildWithoutReListingFixedErrors) + (consoleLogger ? "Console" : "Tl"));
        int port = FreePort.Find();
        using TmuxTerminal terminal = StartWatch(project, port, consoleLogger ? " -tl:off" : "");
        int session = terminal.PanePid;
        try
        {
            Assert.True(terminal.WaitForScreen(s => s.Contains("serving at"), TimeSpan.FromSeconds(90)), terminal.Screen);
            project.Write("main.go", TestServer.Main.Replace("const message = \"v1\"", "const message = \"v1\"\nvar broken int = \"text\""));
            Assert.True(terminal.WaitForScreen(s => s.Contains("error GO1001") && s.Contains("build failed after"), TimeSpan.FromSeconds(60)), terminal.Screen);
            project.Write("main.go", TestServer.Main);
            Assert.True(terminal.WaitForScreen(s => Occurrences(s, "1 file changed (main.go)") >= 2, TimeSpan.FromSeconds(60)), terminal.Screen);

            terminal.SendKeys("C-c");

            Assert.True(terminal.WaitForScreen(_ => terminal.PaneDead, TimeSpan.FromSeconds(30)), terminal.Screen);
            string screen = terminal.Screen;
            Assert.True(terminal.PaneEnd == "exit code 0", $"{terminal.PaneEnd}\n{screen}");
            int stopped = screen.IndexOf(WatchStatusLines.Stopped(forced: false, lastBuildFailed: false), StringComparison.Ordinal);
            Assert.True(stopped >= 0, screen);
            string end = screen[stopped..];
            Assert.Contains(consoleLogger ? "Build succeeded." : "Build succeeded", end);
            Assert.DoesNotContain("GO1001", end);
            Assert.DoesNotContain("FAILED", end);
            Assert.DoesNotContain("failed", end);
            Assert.DoesNotContain("cancel", end);
            if (consoleLogger)
                Assert.Contains("0 Error(s)", end);
            else
                Assert.DoesNotContain("error(s)", end);
            AssertNothingLeft(session, port);
        }
        finally
        {
            ProcessTable.KillSession(session);
        }
    }

    /// <summary>
    /// Ctrl+C while go is building reaches go too: a build cut short by the stop is no error (no KS1007 for go's exit
    /// code 130). A server that ignores its stop signal would hold the stop for the whole stop timeout; a second Ctrl+C
    /// kills its process tree at once.
    /// </summary>
    [Fact]
    public void CtrlCDuringABuildIsNoErrorAndASecondCtrlCForcesTheStop()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for this test (.ci/run installs it)");
        using GoProject project = TestServer.Create(nameof(CtrlCDuringABuildIsNoErrorAndASecondCtrlCForcesTheStop));
        // Ctrl+C does nothing to this server, and SIGTERM (the watch's stop signal) is only acknowledged.
        string stubborn = TestServer.Main
            .Replace("signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)", "signal.Ignore(syscall.SIGINT)\n\tsignal.Notify(stop, syscall.SIGTERM)")
            .Replace("\t\t<-stop\n", "\t\tfor range stop {\n\t\t\tfmt.Println(\"server: SIGTERM ignored\")\n\t\t}\n");
        project.Write("main.go", stubborn);
        // A go that takes its time to build once the test asks it to: the Ctrl+C lands while it runs.
        string slow = Path.Combine(project.Go.Directory, "slow");
        string started = Path.Combine(project.Go.Directory, "build-started");
        File.WriteAllText(Path.Combine(project.Go.Directory, "go"),
            $"#!/bin/sh\ncase \"$1\" in build) if [ -f '{slow}' ]; then touch '{started}'; sleep 120; fi;; esac\nexec '{TestRun.RealGo}' \"$@\"\n");
        int port = FreePort.Find();
        using TmuxTerminal terminal = StartWatch(project, port, " -p:KickstartServerStopTimeoutMilliseconds=120000");
        int session = terminal.PanePid;
        try
        {
            Assert.True(terminal.WaitForScreen(s => s.Contains("serving at"), TimeSpan.FromSeconds(90)), terminal.Screen);
            File.WriteAllText(slow, "");
            project.Write("main.go", stubborn.Replace("const message = \"v1\"", "const message = \"v2\""));
            Assert.True(Poll.Until(() => File.Exists(started), TimeSpan.FromSeconds(60)), terminal.Screen);

            terminal.SendKeys("C-c");
            Assert.True(terminal.WaitForScreen(s => s.Contains("server: SIGTERM ignored"), TimeSpan.FromSeconds(30)), terminal.Screen);
            Assert.False(terminal.PaneDead, terminal.Screen);

            terminal.SendKeys("C-c");
            Assert.True(terminal.WaitForScreen(_ => terminal.PaneDead, TimeSpan.FromSeconds(15)), "the second Ctrl+C did not force the stop\n" + terminal.Screen);
            string screen = terminal.Screen;
            Assert.Contains(WatchStatusLines.Stopped(forced: true, lastBuildFailed: false), screen);
            Assert.DoesNotContain("KS1007", screen);
            Assert.DoesNotContain("error", screen);
            Assert.True(terminal.PaneEnd == "exit code 0", $"{terminal.PaneEnd}\n{screen}");
            AssertNothingLeft(session, port);
        }
        finally
        {
            ProcessTable.KillSession(session);
        }
    }

    // Exactly the user's command in a terminal of default settings: nothing about the terminal logger is set.
    [Fact]
    public void CompileErrorOfARebuildIsShownAtOnceUnderTheTerminalLogger()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for this test (.ci/run installs it)");
        using GoProject project = TestServer.Create(nameof(CompileErrorOfARebuildIsShownAtOnceUnderTheTerminalLogger));
        int port = FreePort.Find();
        using TmuxTerminal terminal = StartWatch(project, port, "");
        int session = terminal.PanePid;
        try
        {
            Assert.True(terminal.WaitForScreen(s => s.Contains("serving at"), TimeSpan.FromSeconds(90)), terminal.Screen);

            // The build that runs the watch never ends while it runs: the error must not wait for that end.
            project.Write("main.go", TestServer.Main.Replace("const message = \"v1\"", "const message = v1 +"));
            Assert.True(terminal.WaitForScreen(s => s.Contains("main.go(") && s.Contains("error GO1001") && s.Contains("still serving"), TimeSpan.FromSeconds(60)), terminal.Screen);

            project.Write("main.go", TestServer.WithMessage("v2"));
            Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains("message=v2"), TimeSpan.FromSeconds(60)), terminal.Screen);
            terminal.SendKeys("C-c");
            Assert.True(terminal.WaitForScreen(_ => terminal.PaneDead, TimeSpan.FromSeconds(30)), terminal.Screen);
            AssertNothingLeft(session, port);
        }
        finally
        {
            ProcessTable.KillSession(session);
        }
    }

    // Everything the terminal's command started is gone, and the server's port with it.
    private static void AssertNothingLeft(int session, int port)
    {
        Assert.True(Poll.Until(() => ProcessTable.LiveInSession(session).Count == 0, TimeSpan.FromSeconds(10)),
            "left running: " + string.Join(", ", ProcessTable.LiveInSession(session)));
        Assert.True(Http.PortIsFree(port));
    }

    private static TmuxTerminal StartWatch(GoProject project, int port, string extraArguments)
    {
        var environment = project.Environment(new Dictionary<string, string?>
        {
            ["MSBUILDTERMINALLOGGER"] = null,
            ["CI"] = null,
            ["TF_BUILD"] = null,
            ["GITHUB_ACTIONS"] = null,
            ["TERM"] = "xterm-256color",
        });
        return TmuxTerminal.Start(project.Directory, $"dotnet build {project.ProjectPath} -t:Watch -p:KickstartServerUrl=http://127.0.0.1:{port}{extraArguments}", environment);
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
