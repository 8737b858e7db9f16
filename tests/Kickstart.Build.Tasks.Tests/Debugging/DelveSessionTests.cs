using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Debugging;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Build.Tasks.Tests.Supervision;
using FreePort = Kickstart.TestSupport.FreePort;

namespace Kickstart.Build.Tasks.Tests.Debugging;

/// <summary>
/// DelveSession, the watch's steps of a swap, against real dlv processes: the test's own client plays the editor that
/// is attached next to the watch (--accept-multiclient).
/// </summary>
public sealed class DelveSessionTests
{
    [LinuxFact]
    public async Task The_watch_lets_the_server_run_carries_the_editors_breakpoint_to_the_next_server_and_kills_a_halted_one()
    {
        using var source = new DebuggableServer();
        string file = source.HandlersFile;
        int line = source.LineOf("BREAK-HANDLER");
        int port = FreePort.Find();
        using var http = new HttpClient { Timeout = Deadlines.Condition };

        BreakpointSet carried;
        using (var old = DelveUnderTest.Start(source.Build("server-1"), port, source.Directory))
        {
            DelveSession session = DelveSession.Start(old.Address, BreakpointSet.Empty, Deadlines.Condition, out IReadOnlyList<BreakpointNotRecreated> refused);
            Assert.Empty(refused);
            Assert.True(await Poll.UntilAsync(() => old.Client.State().Running, Deadlines.Condition), "the session did not let the server run");

            // The editor pauses, sets a breakpoint in the handler and resumes; a request stops there.
            old.Client.Halt();
            old.Client.CreateBreakpoint(file, line);
            Task<DelveState> resumed = old.Client.Continue();
            Task<string> request = WhenAcceptingGet(http, port); // a request sent before the server listens is refused
            Assert.True(await Poll.UntilAsync(() => old.Client.State().IsHaltedAt(file, line), Deadlines.Condition),
                $"not halted at {file}:{line}: {old.Client.State()}; the editor's continue: {(resumed.IsCompleted ? resumed.Result.ToString() : "pending")}; {old.Output}");

            carried = session.Stop();
            Assert.Equal(new[] { (file, line) }, carried.Breakpoints.Select(b => (b.File, b.Line)));
            Assert.True(await Poll.UntilAsync(() => ProcessTable.IsGone(old.ServerPid) && ProcessTable.IsGone(old.DelvePid), Deadlines.Condition),
                "Stop left the halted server or its dlv running");
            await Assert.ThrowsAnyAsync<System.Exception>(() => request);
        }

        source.ChangeGreeting("hello again");
        using (var next = DelveUnderTest.Start(source.Build("server-2"), port, source.Directory))
        {
            DelveSession session = DelveSession.Start(next.Address, carried, Deadlines.Condition, out IReadOnlyList<BreakpointNotRecreated> refused);
            Assert.Empty(refused);
            Task<string> request = WhenAcceptingGet(http, port);
            DelveState halted = await session.Running.WaitAsync(Deadlines.Condition);
            Assert.Equal(new DelveLocation(file, line), halted.Location);

            session.Stop();
            Assert.True(await Poll.UntilAsync(() => ProcessTable.IsGone(next.ServerPid) && ProcessTable.IsGone(next.DelvePid), Deadlines.Condition));
            await Assert.ThrowsAnyAsync<System.Exception>(() => request);
        }
    }

    // The server listens only once it runs; the request goes out as soon as the port accepts.
    private static async Task<string> WhenAcceptingGet(HttpClient http, int port)
    {
        Assert.True(await Poll.UntilAsync(() =>
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try { probe.Connect("127.0.0.1", port); return true; }
            catch (System.Net.Sockets.SocketException) { return false; }
        }, Deadlines.Condition), $"the server did not listen on {port}");
        return await http.GetStringAsync($"http://127.0.0.1:{port}/");
    }
}
