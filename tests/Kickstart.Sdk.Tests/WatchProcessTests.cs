using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>
/// The watch runs in a process of its own (KickstartWatchInOwnProcess, started with tiered compilation off): the
/// build's process only passes on what it says and what it is asked. Every other watch test runs through it; these
/// check where each process is, that the watch's process never outlives the build's, and that the property turns it off.
/// </summary>
[Collection(WatchCollection.Name)]
public sealed class WatchProcessTests
{
    private const string Program = "Kickstart.WatchProcess.dll";

    [Fact]
    public void TheWatchsProcessRunsTheServerAndGoesAtOnceWithTheBuildsProcess()
    {
        using GoProject project = TestServer.Create(nameof(TheWatchsProcessRunsTheServerAndGoesAtOnceWithTheBuildsProcess));
        using WatchSession watch = WatchSession.Start(project, "-tl:off");
        watch.WaitUntilServing("message=v1");

        // One watch process, a child of the build's, on the build's runtime; the server below it, not below the build.
        List<int> children = ChildrenOf(watch.Pid);
        int[] watchProcesses = children.Where(pid => ProcessTable.CommandLine(pid).Any(a => a.EndsWith(Program, StringComparison.Ordinal))).ToArray();
        Assert.True(watchProcesses.Length == 1, $"children of the build: {Describe(children)}\n{watch.Output}");
        int watchProcess = watchProcesses[0];
        Assert.Contains("--fx-version", ProcessTable.CommandLine(watchProcess));
        int server = Descendants(watchProcess).FirstOrDefault(pid => ProcessTable.CommandLine(pid).FirstOrDefault() is { } exe
            && (exe == project.Name || exe.EndsWith("/" + project.Name, StringComparison.Ordinal)));
        Assert.True(server != 0, $"no server below the watch's process: {Describe(Descendants(watchProcess))}");

        // An edit is served through it as ever.
        project.Write("main.go", TestServer.WithMessage("v2"));
        watch.WaitUntilServing("message=v2");

        // kill -9 of the build's process: the watch's process sees its stdin end, kills the server at once and ends.
        watch.Signal(ProcessTable.SIGKILL);
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(10)), "the build process survived kill -9");
        Assert.True(Poll.Until(() => ProcessTable.IsGone(server), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(5)),
            "the server outlived the build's process by 2 s");
        watch.AssertNothingLeftRunning(TimeSpan.FromSeconds(10));
        Assert.True(Http.PortIsFree(watch.Port));
    }

    [Fact]
    public void WithTheShortcutOffTheWatchRunsInTheBuildsProcess()
    {
        using GoProject project = TestServer.Create(nameof(WithTheShortcutOffTheWatchRunsInTheBuildsProcess));
        using WatchSession watch = WatchSession.Start(project, "-tl:off", "-p:KickstartWatchInOwnProcess=false");
        watch.WaitUntilServing("message=v1");
        Assert.DoesNotContain(Descendants(watch.Pid), pid => ProcessTable.CommandLine(pid).Any(a => a.EndsWith(Program, StringComparison.Ordinal)));

        project.Write("main.go", TestServer.WithMessage("v2"));
        watch.WaitUntilServing("message=v2");

        watch.Signal(ProcessTable.SIGTERM);
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(20)), watch.Output);
        watch.AssertNothingLeftRunning();
        Assert.True(watch.ExitCode == 0, $"exit code {watch.ExitCode}\n{watch.Output}");
    }

    private static List<int> ChildrenOf(int parent) =>
        ProcessTable.All().Where(p => ProcessTable.ParentOf(p.Pid) == parent).Select(p => p.Pid).ToList();

    private static List<int> Descendants(int root)
    {
        var all = ProcessTable.All().Select(p => (p.Pid, Parent: ProcessTable.ParentOf(p.Pid))).ToList();
        var found = new List<int>();
        var queue = new Queue<int>(new[] { root });
        while (queue.Count > 0)
        {
            int pid = queue.Dequeue();
            foreach (var (child, _) in all.Where(p => p.Parent == pid))
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }
        return found;
    }

    private static string Describe(IEnumerable<int> pids) => string.Join("; ", pids.Select(p => $"{p} {string.Join(' ', ProcessTable.CommandLine(p))}"));
}
