using System;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Session;

namespace Kickstart.Build.Tasks.Tests.Session;

public sealed class StopRequestTests
{
    [Fact]
    public void TheFirstSignalStopsGracefullyEveryLaterOneForces()
    {
        long now = 1000;
        var counter = new StopRequestCounter(TimeSpan.Zero, () => now);
        Assert.Equal(StopRequest.Graceful, counter.Next());
        now += 1; // in the build process, however fast the second press
        Assert.Equal(StopRequest.Force, counter.Next());
        now += 10;
        Assert.Equal(StopRequest.Force, counter.Next());
    }

    [Fact]
    public void InAWorkerNodeTheSameCtrlCArrivingTwiceIsOneRequest()
    {
        long now = 1000;
        var counter = new StopRequestCounter(StopRequestCounter.SameRequestInAWorkerNode, () => now);
        Assert.Equal(StopRequest.Graceful, counter.Next());
        now += 50; // the terminal's copy and the one the build process passes on to its worker nodes
        Assert.Null(counter.Next());
        now += (long)StopRequestCounter.SameRequestInAWorkerNode.TotalMilliseconds;
        Assert.Equal(StopRequest.Force, counter.Next());
    }

    [Fact]
    public void SignalsArrivingTogetherGiveExactlyOneGracefulStop()
    {
        var counter = new StopRequestCounter(StopRequestCounter.SameRequestInAWorkerNode, () => 5000);
        StopRequest?[] requests = Enumerable.Range(0, 64).AsParallel().Select(_ => counter.Next()).ToArray();
        Assert.Equal(1, requests.Count(r => r == StopRequest.Graceful));
        Assert.DoesNotContain(StopRequest.Force, requests.Cast<StopRequest?>());
    }

    [Theory]
    [InlineData("1234 (dotnet) S 77 1234 1234 0 -1", 77)]
    [InlineData("1234 (a (weird) name) R 4321 1 1 0", 4321)]
    [InlineData("garbage", -1)]
    public void TheParentIsReadFromProcStat(string stat, int parent)
    {
        Assert.Equal(parent, WorkerNodes.ParentOf(stat));
    }

    [Theory]
    [InlineData(new[] { "/usr/share/dotnet/dotnet", "/usr/share/dotnet/sdk/10.0.401/MSBuild.dll", "/noautoresponse", "/nologo", "/nodemode:1", "/nodeReuse:false" }, true)]
    [InlineData(new[] { "/usr/share/dotnet/dotnet", "/usr/share/dotnet/sdk/10.0.401/MSBuild.dll", "/nodemode:2" }, false)] // a task host
    [InlineData(new[] { "/usr/share/dotnet/dotnet", "/x/Kickstart.DevProxy.dll", "--url", "http://127.0.0.1:1" }, false)]
    [InlineData(new[] { "/tmp/app/obj/Debug/kickstart-watch/app-1" }, false)]
    public void OnlyMSBuildWorkerNodesGetTheStopPassedOn(string[] commandLine, bool worker)
    {
        Assert.Equal(worker, WorkerNodes.IsWorkerNode(commandLine));
    }

    // ConsoleCancelHandlers reads the handlers through the runtime's field behind Console.CancelKeyPress: if a runtime
    // renames it, the watch silently falls back to MSBuild's cancellation (exit code 1) — this says so first.
    [Fact]
    public void TheRuntimeKeepsCancelKeyPressHandlersWhereTheWatchLooksForThem()
    {
        ConsoleCancelEventHandler handler = (_, _) => { };
        Console.CancelKeyPress += handler;
        try
        {
            FieldInfo? field = typeof(Console).GetField("s_cancelCallbacks", BindingFlags.NonPublic | BindingFlags.Static);
            Assert.NotNull(field);
            var all = field!.GetValue(null) as ConsoleCancelEventHandler;
            Assert.NotNull(all);
            Assert.Contains(handler, all!.GetInvocationList().Cast<ConsoleCancelEventHandler>());
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }

    [Fact]
    public void OutsideTheBuildsEntryProcessNoHandlerIsHeldBack()
    {
        ConsoleCancelEventHandler handler = (_, _) => { };
        Console.CancelKeyPress += handler;
        try
        {
            using (ConsoleCancelHandlers.HoldBack())
            {
                Assert.False(ConsoleCancelHandlers.MSBuildsHeldBack);
                var all = typeof(Console).GetField("s_cancelCallbacks", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null) as ConsoleCancelEventHandler;
                Assert.Contains(handler, all!.GetInvocationList().Cast<ConsoleCancelEventHandler>());
            }
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }
}
