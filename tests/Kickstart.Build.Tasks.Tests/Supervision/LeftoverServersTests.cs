using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Supervision;
using FreePort = Kickstart.TestSupport.FreePort;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class LeftoverServersTests
{
    private const string Boot = "boot-1";
    private static readonly ServerRecord Record = new(Group: 500, GroupStartTime: 1000, BootId: Boot, Watch: 400, WatchStartTime: 900, Port: 8080, Binary: "/staging/server-1");

    // ------------------------------------------------------------------ decisions (a fake process table)

    [Fact]
    public void A_server_of_a_watch_that_still_runs_is_not_touched()
    {
        var table = new FakeInspector { StartTimes = { [400] = 900 }, Groups = { [500] = new[] { Member(500, 1000) } } };

        Assert.Equal(LeftoverKind.OwnedByALiveWatch, Classify(table, Record));
    }

    [Fact]
    public void A_recorded_watch_pid_that_now_names_another_process_does_not_count_as_alive()
    {
        var table = new FakeInspector { StartTimes = { [400] = 5000 }, Groups = { [500] = new[] { Member(501, 1200) } } };

        Assert.Equal(LeftoverKind.StillRunning, Classify(table, Record));
    }

    [Fact]
    public void A_group_with_processes_all_started_after_its_recorded_leader_is_still_running()
    {
        var table = new FakeInspector { Groups = { [500] = new[] { Member(500, 1000), Member(501, 1001), Member(502, 4000) } } };

        Assert.Equal(LeftoverKind.StillRunning, Classify(table, Record));
    }

    [Fact]
    public void A_group_with_a_process_older_than_the_recorded_leader_is_someone_else_s()
    {
        var table = new FakeInspector { Groups = { [500] = new[] { Member(500, 999), Member(501, 1200) } } };

        Assert.Equal(LeftoverKind.Reused, Classify(table, Record));
    }

    [Fact]
    public void Start_times_of_another_boot_prove_nothing()
    {
        var table = new FakeInspector { Boot = "boot-2", Groups = { [500] = new[] { Member(500, 1000) } } };

        Assert.Equal(LeftoverKind.Reused, Classify(table, Record));
    }

    [Fact]
    public void An_empty_group_is_gone()
    {
        Assert.Equal(LeftoverKind.Gone, Classify(new FakeInspector(), Record));
    }

    [UnixFact]
    public void Where_groups_cannot_be_listed_a_group_that_exists_is_left_alone_and_one_that_does_not_is_gone()
    {
        var table = new UnavailableProcessInspector();
        int ownGroup = Kickstart.Build.Tasks.Native.PosixProcessSignals.GetProcessGroup(Environment.ProcessId);

        Assert.Equal(LeftoverKind.Unverifiable, new LeftoverServers(table, _ => { }).Classify(Record with { Group = ownGroup }).Kind);
        Assert.Equal(LeftoverKind.Gone, new LeftoverServers(table, _ => { }).Classify(Record with { Group = int.MaxValue }).Kind);
    }

    // ------------------------------------------------------------------ the real thing

    [LinuxFact]
    public async Task A_server_whose_watch_is_gone_is_stopped_with_its_children_and_its_record_deleted()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        string staging = Directory.CreateDirectory(scratch.At("staging")).FullName;
        var said = new List<string>();
        try
        {
            await using ServerProcess server = StartRecorded(scratch, staging, output,
                "sleep 1000 & echo $! >> pids; trap 'echo stopping; exit 0' TERM; echo $$ >> pids; echo ready; wait");
            await output.WaitForAsync("ready");
            string recordFile = ServerRecord.FileIn(staging, server.Id);
            // As if the watch that wrote it had been killed: its pid now names no live process.
            ServerRecord.TryRead(recordFile)!.WithWatch(DeadPid()).TryWrite(recordFile);

            new LeftoverServers(new LinuxProcessInspector(), said.Add).StopAll(staging, ServerStopSignal.Terminate, Deadlines.UnreachedStopTimeout);

            ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);
            Assert.Equal(0, exit.ExitCode);
            Assert.Contains("stopping", output.Texts(isError: false));
            int[] pids = PidFile.Read(scratch.At("pids"));
            Assert.True(await Poll.UntilAsync(() => pids.All(ProcessTable.IsGone), Deadlines.Condition));
            string line = Assert.Single(said);
            Assert.StartsWith($"kickstart: stopped the server an earlier watch left running (process group {server.Id}, port 8080: ", line);
            Assert.Contains("sleep 1000", line);
            Assert.Empty(ServerRecord.FilesIn(staging));
            Assert.True(File.Exists("/bin/sh"), "a binary outside the staging directory is never deleted");
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [LinuxFact]
    public async Task A_leftover_that_ignores_the_stop_signal_is_killed_after_the_timeout()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        string staging = Directory.CreateDirectory(scratch.At("staging")).FullName;
        var said = new List<string>();
        try
        {
            await using ServerProcess server = StartRecorded(scratch, staging, output, $"trap '' TERM; echo $$ >> pids; mkfifo gate; echo ready; {FifoGate.WaitIn("gate")}");
            await output.WaitForAsync("ready");
            string recordFile = ServerRecord.FileIn(staging, server.Id);
            ServerRecord.TryRead(recordFile)!.WithWatch(DeadPid()).TryWrite(recordFile);

            new LeftoverServers(new LinuxProcessInspector(), said.Add).StopAll(staging, ServerStopSignal.Terminate, TimeSpan.FromMilliseconds(300));

            ServerExit exit = await server.Exited.WaitAsync(Deadlines.Condition);
            Assert.Equal(9, exit.Signal);
            Assert.StartsWith("kickstart: killed the server an earlier watch left running", Assert.Single(said));
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [LinuxFact]
    public async Task A_server_of_this_very_watch_is_left_running()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        string staging = Directory.CreateDirectory(scratch.At("staging")).FullName;
        await using ServerProcess server = StartRecorded(scratch, staging, output, $"echo ready; mkfifo gate; {FifoGate.WaitIn("gate")}");
        await output.WaitForAsync("ready");

        new LeftoverServers(new LinuxProcessInspector(), _ => Assert.Fail("nothing to say")).StopAll(staging, ServerStopSignal.Kill, TimeSpan.Zero);

        Assert.False(server.HasExited);
        Assert.Single(ServerRecord.FilesIn(staging));
    }

    [UnixFact]
    public void Records_of_servers_that_are_gone_are_deleted_with_their_staged_binaries()
    {
        using var scratch = new TempDirectory();
        string staging = Directory.CreateDirectory(scratch.At("staging")).FullName;
        string binary = Path.Combine(staging, "server-1");
        File.WriteAllText(binary, "binary");
        string recordFile = ServerRecord.FileIn(staging, int.MaxValue);
        (Record with { Group = int.MaxValue, Watch = DeadPid(), Binary = binary }).TryWrite(recordFile);
        File.WriteAllText(ServerRecord.FileIn(staging, int.MaxValue - 1), "not a record");

        new LeftoverServers(LeftoverServers.InspectorForCurrentPlatform(), _ => { }).StopAll(staging, ServerStopSignal.Terminate, TimeSpan.Zero);

        Assert.Empty(ServerRecord.FilesIn(staging));
        Assert.False(File.Exists(binary));
    }

    [UnixFact]
    public void A_port_someone_listens_on_is_taken_and_on_Linux_its_holder_is_named()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var leftovers = new LeftoverServers(LeftoverServers.InspectorForCurrentPlatform(), _ => { });

            PortHolder? holder = leftovers.FindHolder("127.0.0.1", port);

            Assert.NotNull(holder);
            Assert.Equal(port, holder!.Port);
            Assert.NotNull(leftovers.FindHolder("localhost", port));
            if (OperatingSystem.IsLinux())
            {
                Assert.Equal(Environment.ProcessId, holder.Process?.Pid);
                Assert.StartsWith($"process {Environment.ProcessId} (", holder.Describe());
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_free_port_and_a_host_name_Kickstart_cannot_bind_have_no_holder()
    {
        var leftovers = new LeftoverServers(new UnavailableProcessInspector(), _ => { });

        Assert.Null(leftovers.FindHolder("127.0.0.1", FreePort.Find()));
        Assert.Null(leftovers.FindHolder("example.invalid", 80));
    }

    [Fact]
    public void An_unidentified_holder_is_described_with_a_way_to_find_it()
    {
        string description = new PortHolder(8080, null).Describe();

        Assert.StartsWith("a process Kickstart ", description);
        if (!OperatingSystem.IsLinux())
            Assert.Contains("8080", description);
    }

    private static ServerProcess StartRecorded(TempDirectory scratch, string staging, OutputRecorder output, string script) =>
        ServerProcess.Start(new ServerStartInfo
        {
            FileName = "/bin/sh",
            Arguments = new[] { "-c", script },
            WorkingDirectory = scratch.Path,
            Launcher = TestLauncher.Path,
            RecordDirectory = staging,
            Port = 8080,
        }, output.Record);

    /// <summary>The pid of a process that has exited and been reaped.</summary>
    private static int DeadPid()
    {
        using Process process = Process.Start(new ProcessStartInfo("/bin/sh", "-c true"))!;
        process.WaitForExit();
        return process.Id;
    }

    private static LeftoverKind Classify(FakeInspector table, ServerRecord record) => new LeftoverServers(table, _ => { }).Classify(record).Kind;

    private static InspectedProcess Member(int pid, long started) => new(pid, "server", started);

    private sealed class FakeInspector : IProcessInspector
    {
        public string? Boot { get; init; } = LeftoverServersTests.Boot;
        public Dictionary<int, long> StartTimes { get; } = new();
        public Dictionary<int, InspectedProcess[]> Groups { get; } = new();

        public string? BootId => Boot;
        public long? StartTimeOf(int pid) => StartTimes.TryGetValue(pid, out long t) ? t : null;
        public IReadOnlyList<InspectedProcess>? MembersOfGroup(int group) => Groups.TryGetValue(group, out var m) ? m : Array.Empty<InspectedProcess>();
        public InspectedProcess? ListenerOn(int port) => null;
    }
}

internal static class ServerRecordTestExtensions
{
    internal static ServerRecord WithWatch(this ServerRecord record, int pid) => record with { Watch = pid, WatchStartTime = null };
}
