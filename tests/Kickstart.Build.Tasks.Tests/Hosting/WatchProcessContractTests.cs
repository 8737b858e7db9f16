using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Kickstart.Build.Tasks.Hosting;
using Microsoft.Build.Framework;

namespace Kickstart.Build.Tasks.Tests.Hosting;

/// <summary>
/// The conversation between the Watch task and the watch's own process: what one end writes, the other reads as it
/// was. (End to end, the whole watch runs through it: every watch test of Kickstart.Sdk.Tests.)
/// </summary>
public sealed class WatchProcessContractTests
{
    [Fact]
    public void AMessageArrivesWithItsImportanceAndItsLiveType()
    {
        var sent = new ExtendedBuildMessageEventArgs("TLTESTOUTPUT", "kickstart: built 12 ms · \"ünïcode\" <b>\nsecond line", "help", "GoWatch", MessageImportance.High);
        var read = Assert.IsType<ExtendedBuildMessageEventArgs>(BuildEventLine.Read(Single(BuildEventLine.Message(sent)), out bool? done));
        Assert.Null(done);
        Assert.Equal(("TLTESTOUTPUT", sent.Message, "help", "GoWatch", MessageImportance.High),
            (read.ExtendedType, read.Message, read.HelpKeyword, read.SenderName, read.Importance));

        var plain = new BuildMessageEventArgs("detail", null, "GoWatch", MessageImportance.Normal);
        var back = BuildEventLine.Read(Single(BuildEventLine.Message(plain)), out _);
        Assert.Equal(typeof(BuildMessageEventArgs), back!.GetType());
        Assert.Equal(MessageImportance.Normal, ((BuildMessageEventArgs)back).Importance);
    }

    [Fact]
    public void WarningsAndErrorsArriveWithEveryFieldALoggerShows()
    {
        var warning = new BuildWarningEventArgs("sub", "KS2002", "/p/x.proj", 3, 4, 5, 6, "polling instead", "kw", "GoWatch");
        var w = Assert.IsType<BuildWarningEventArgs>(BuildEventLine.Read(Single(BuildEventLine.Warning(warning)), out _));
        Assert.Equal((warning.Subcategory, warning.Code, warning.File, 3, 4, 5, 6, warning.Message, warning.HelpKeyword, warning.SenderName),
            (w.Subcategory, w.Code, w.File, w.LineNumber, w.ColumnNumber, w.EndLineNumber, w.EndColumnNumber, w.Message, w.HelpKeyword, w.SenderName));

        var error = new BuildErrorEventArgs(null, "KS2030", "/p/x.proj", 0, 0, 0, 0, "port taken", null, "GoWatch");
        var e = Assert.IsType<BuildErrorEventArgs>(BuildEventLine.Read(Single(BuildEventLine.Error(error)), out _));
        Assert.Equal((null as string, "KS2030", "/p/x.proj", "port taken"), (e.Subcategory, e.Code, e.File, e.Message));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheLastLineIsTheTasksResult(bool succeeded)
    {
        Assert.Null(BuildEventLine.Read(BuildEventLine.Done(succeeded), out bool? done));
        Assert.Equal(succeeded, done);
    }

    [Fact]
    public void ALineOfAnotherContractIsRefused()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => BuildEventLine.Read("goserver: listening", out _));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => BuildEventLine.Read("{\"kind\":\"telemetry\"}", out _));
    }

    [Fact]
    public void EveryParameterOfTheTaskTravelsButTheOneThatSendsItAway()
    {
        // A distinct value for each parameter, by type: a parameter added to GoWatch travels without a line here.
        var task = new GoWatch();
        int n = 0;
        PropertyInfo[] carried = WatchStartLine.Carried().ToArray();
        foreach (PropertyInfo p in carried)
        {
            n++;
            object value = p.PropertyType == typeof(bool) ? n % 2 == 0
                : p.PropertyType == typeof(int) ? 1000 + n
                : p.PropertyType == typeof(string[]) ? new[] { $"a{n}", $"b;{n}" }
                : (object)$"value {n} ü";
            p.SetValue(task, value);
        }
        task.InOwnProcess = true;
        var line = new WatchStartLine(WatchStartLine.ParametersOf(task), new Dictionary<string, string> { ["Configuration"] = "Debug" },
            new[] { "dotnet", "build", "-v:q" }, 4242);

        var read = WatchStartLine.Read(Single(line.Write()));
        var copy = new GoWatch();
        read.ApplyTo(copy);

        Assert.Contains(carried, p => p.Name == nameof(GoWatch.ProjectFile));
        Assert.DoesNotContain(carried, p => p.Name == nameof(GoWatch.InOwnProcess));
        Assert.False(copy.InOwnProcess);
        foreach (PropertyInfo p in carried)
            Assert.Equal(p.GetValue(task), p.GetValue(copy));
        Assert.Equal("Debug", read.GlobalProperties["configuration"]);
        Assert.Equal(new[] { "dotnet", "build", "-v:q" }, read.CommandLine);
        Assert.Equal(4242, read.BuildProcessId);
        // Every public setting of the task is a parameter that travels: nothing the build set is lost on the way.
        Assert.All(typeof(GoWatch).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.Name != nameof(GoWatch.InOwnProcess)),
            p => Assert.Contains(p, carried));
    }

    [Fact]
    public void TheRelayEngineWritesOneLinePerEventAndKeepsGoingOnceTheBuildIsGone()
    {
        var writer = new StringWriter();
        var engine = new RelayBuildEngine(writer, new Dictionary<string, string> { ["A"] = "1" }, "/p/x.proj");
        engine.LogMessageEvent(new BuildMessageEventArgs("one", null, "GoWatch", MessageImportance.High));
        engine.LogWarningEvent(new BuildWarningEventArgs(null, "KS2002", null, 0, 0, 0, 0, "two", null, "GoWatch"));
        engine.Done(true);
        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("one", BuildEventLine.Read(lines[0], out _)!.Message);
        Assert.Equal("1", engine.GetGlobalProperties()["A"]);
        Assert.Equal("/p/x.proj", engine.ProjectFileOfTaskNode);

        var gone = new RelayBuildEngine(new BrokenWriter(), new Dictionary<string, string>(), "");
        gone.LogMessageEvent(new BuildMessageEventArgs("lost", null, "GoWatch", MessageImportance.High)); // no exception: the watch stops on its own
        gone.Done(false);
    }

    [Fact]
    public void RequestsFromTheBuildAreReadUntilStdinEnds()
    {
        var requests = new BuildRequests(new StringReader($"{WatchProcessContract.RestartLine}\n{WatchProcessContract.StopLine}\nnoise\n"));
        var seen = new List<string>();
        using var gone = new ManualResetEventSlim();
        requests.Start(stop: () => { lock (seen) seen.Add("stop"); }, restart: () => { lock (seen) seen.Add("restart"); }, buildGone: () =>
        {
            lock (seen) seen.Add("gone");
            gone.Set();
        });
        Assert.True(gone.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(new[] { "restart", "stop", "gone" }, seen);
    }

    [Fact]
    public void TwoWayCountingActsOnWhicheverSourceIsAhead()
    {
        var counter = new Kickstart.Build.Tasks.Session.TwoWayStopRequestCounter();
        // `kill <build pid>` first: passed on, a graceful stop.
        Assert.Equal(Kickstart.Build.Tasks.Session.StopRequest.Graceful, counter.Next(passedOn: true));
        // Then a Ctrl+C in the terminal: its own copy is no more than the build asked for; its passed-on copy is the
        // second request, and forces.
        Assert.Null(counter.Next(passedOn: false));
        Assert.Equal(Kickstart.Build.Tasks.Session.StopRequest.Force, counter.Next(passedOn: true));
        Assert.Null(counter.Next(passedOn: false));
    }

    [Fact]
    public void ACtrlCArrivingBothWaysIsOneRequestAndTheSecondForcesAtOnce()
    {
        int graceful = 0, forced = 0;
        using (var listener = Kickstart.Build.Tasks.Session.StopRequestListener.Register(_ => Interlocked.Increment(ref graceful),
                   () => Interlocked.Increment(ref forced), alsoFromTheBuild: true))
        {
            listener.Signalled("SIGINT");                    // the terminal's Ctrl+C, straight to the watch's process
            listener.Request(WatchProcessContract.StopLine); // the same Ctrl+C, passed on by the build's process
            Assert.Equal((1, 0), (graceful, forced));
            listener.Signalled("SIGINT");                    // a second Ctrl+C, however fast: forced
            Assert.Equal((1, 1), (graceful, forced));
            listener.Request(WatchProcessContract.StopLine); // its copy from the build: nothing more
            Assert.Equal((1, 1), (graceful, forced));
        }
    }

    private static string Single(string line)
    {
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        return line;
    }

    private sealed class BrokenWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => throw new IOException("broken pipe");
        public override void Write(string? value) => throw new IOException("broken pipe");
        public override void WriteLine(string? value) => throw new IOException("broken pipe");
    }
}
