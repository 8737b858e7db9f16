using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Debugging;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Build.Tasks.Tests.Supervision;
using FreePort = Kickstart.TestSupport.FreePort;

namespace Kickstart.Build.Tasks.Tests.Debugging;

/// <summary>
/// The Delve client and the breakpoint carry-over against a real dlv and a real Go server: what the watch does across a
/// swap when KickstartDebug is on.
/// </summary>
public sealed class DelveSwapTests
{
    [LinuxFact]
    public async Task A_breakpoint_stops_a_request_and_is_set_again_in_the_next_server_while_a_vanished_line_is_reported()
    {
        using var source = new DebuggableServer();
        string file = source.HandlersFile;
        int handlerLine = source.LineOf("BREAK-HANDLER");
        int vanishingLine = source.LineOf("BREAK-VANISHES");
        int port = FreePort.Find();
        using var http = new HttpClient { Timeout = Deadlines.Condition };

        BreakpointSet carried;
        using (var old = DelveUnderTest.Start(source.Build("server-1"), port, source.Directory))
        {
            Assert.False(old.Client.State().Running, "DelveCommandLine must start the server halted");
            old.Client.CreateBreakpoint(file, handlerLine, condition: "r != nil", hitCondition: ">= 1");
            old.Client.CreateBreakpoint(file, vanishingLine);

            Task<DelveState> continued = old.Client.Continue();
            await WaitUntilAcceptingAsync(port);
            Task<HttpResponseMessage> request = http.GetAsync($"http://127.0.0.1:{port}/");
            Assert.True(await Poll.UntilAsync(() => old.Client.State().IsHaltedAt(file, handlerLine), Deadlines.Condition),
                $"the request did not stop at {file}:{handlerLine}: {old.Client.State()}\n{old.Output}");
            DelveState halted = await continued.WaitAsync(Deadlines.Condition);
            Assert.Equal(new DelveLocation(file, handlerLine), halted.Location);

            carried = BreakpointSet.ReadFrom(old.Client);
            Assert.Equal(new[] { handlerLine, vanishingLine }, carried.Breakpoints.Select(b => b.Line).OrderBy(l => l));
            DelveBreakpoint handler = carried.Breakpoints.Single(b => b.Line == handlerLine);
            Assert.Equal((file, "r != nil", ">= 1", false), (handler.File, handler.Condition, handler.HitCondition, handler.Disabled));

            // The swap with a halted server: Delve is told to detach and kill, and neither it nor the server is left.
            old.Client.Detach(kill: true);
            Assert.True(await Poll.UntilAsync(() => ProcessTable.IsGone(old.ServerPid) && ProcessTable.IsGone(old.DelvePid), Deadlines.Condition),
                $"after Detach(kill) the server ({old.ServerPid}) or dlv ({old.DelvePid}) still runs");
            await Assert.ThrowsAnyAsync<Exception>(() => request);
        }

        // The edit that triggers the swap is in another file; the other breakpoint's line has lost its code meanwhile.
        source.ChangeGreeting("hello again");
        source.EmptyLine("BREAK-VANISHES");
        using (var next = DelveUnderTest.Start(source.Build("server-2"), port, source.Directory))
        {
            Assert.False(next.Client.State().Running);
            BreakpointNotRecreated refused = Assert.Single(carried.RecreateIn(next.Client));
            Assert.Equal((file, vanishingLine), (refused.Breakpoint.File, refused.Breakpoint.Line));
            Assert.Contains("could not find statement", refused.Reason);
            Assert.Equal(new object?[] { file, vanishingLine, refused.Reason }, refused.WarningArguments);

            DelveBreakpoint recreated = Assert.Single(next.Client.ListBreakpoints());
            Assert.Equal((file, handlerLine, "r != nil", ">= 1"), (recreated.File, recreated.Line, recreated.Condition, recreated.HitCondition));

            Task<DelveState> continued = next.Client.Continue();
            await WaitUntilAcceptingAsync(port);
            Task<string> request = http.GetStringAsync($"http://127.0.0.1:{port}/");
            Assert.True(await Poll.UntilAsync(() => next.Client.State().IsHaltedAt(file, handlerLine), Deadlines.Condition),
                $"the next server's request did not stop at {file}:{handlerLine}: {next.Client.State()}\n{next.Output}");
            await continued.WaitAsync(Deadlines.Condition);

            // Let it go on: the answer is the rebuilt server's.
            Task<DelveState> released = next.Client.Continue();
            Assert.Equal("hello again\n", await request.WaitAsync(Deadlines.Condition));

            // A detach of a running server halts it first (Delve detaches only a halted process): the pending continue ends halted.
            next.Client.Detach(kill: true);
            Assert.False((await released.WaitAsync(Deadlines.Condition)).Running);
            Assert.True(await Poll.UntilAsync(() => ProcessTable.IsGone(next.ServerPid) && ProcessTable.IsGone(next.DelvePid), Deadlines.Condition),
                $"after Detach(kill) the server ({next.ServerPid}) or dlv ({next.DelvePid}) still runs");
        }
    }

    [LinuxFact]
    public async Task A_disabled_breakpoint_is_carried_disabled_with_its_condition_and_name()
    {
        using var source = new DebuggableServer();
        string binary = source.Build("server");
        string file = source.HandlersFile;
        int line = source.LineOf("BREAK-VANISHES");

        BreakpointSet carried;
        using (var old = DelveUnderTest.Start(binary, FreePort.Find(), source.Directory))
        {
            DelveBreakpoint created = old.Client.CreateBreakpoint(file, line, condition: "len(r.URL.Path) > 1", disabled: true, name: "otherHandler");
            Assert.True(created.Disabled);
            carried = BreakpointSet.ReadFrom(old.Client);
            old.Client.Detach(kill: true);
            Assert.True(await Poll.UntilAsync(() => ProcessTable.IsGone(old.ServerPid) && ProcessTable.IsGone(old.DelvePid), Deadlines.Condition));
        }

        using var next = DelveUnderTest.Start(binary, FreePort.Find(), source.Directory);
        Assert.Empty(carried.RecreateIn(next.Client));
        DelveBreakpoint recreated = Assert.Single(next.Client.ListBreakpoints());
        Assert.Equal((file, line, "len(r.URL.Path) > 1", true, "otherHandler"),
            (recreated.File, recreated.Line, recreated.Condition, recreated.Disabled, recreated.Name));
    }

    // The server listens only once Delve lets it run; nothing announces the moment, so the port is tried.
    private static async Task WaitUntilAcceptingAsync(int port)
    {
        bool accepting = await Poll.UntilAsync(() =>
        {
            using var probe = new TcpClient();
            try
            {
                probe.Connect("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, Deadlines.Condition);
        Assert.True(accepting, $"the server did not listen on {port}");
    }
}
