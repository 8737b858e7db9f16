using System;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Watch;

namespace Kickstart.Build.Tasks.Tests.Watch;

public sealed class StopRequestTests
{
    [Fact]
    public void TheFirstSignalStopsGracefullyEveryLaterOneForces()
    {
        var counter = new StopRequestCounter();
        Assert.Equal(StopRequest.Graceful, counter.Next());
        Assert.Equal(StopRequest.Force, counter.Next());
        Assert.Equal(StopRequest.Force, counter.Next());
    }

    [Fact]
    public void SignalsArrivingTogetherGiveExactlyOneGracefulStop()
    {
        var counter = new StopRequestCounter();
        StopRequest[] requests = Enumerable.Range(0, 64).AsParallel().Select(_ => counter.Next()).ToArray();
        Assert.Equal(1, requests.Count(r => r == StopRequest.Graceful));
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
