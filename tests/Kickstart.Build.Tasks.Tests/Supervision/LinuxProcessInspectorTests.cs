using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Supervision;
using FreePort = Kickstart.TestSupport.FreePort;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class LinuxProcessInspectorTests
{
    [Fact]
    public void ParseStat_reads_the_group_and_start_time_after_a_name_with_spaces_and_parentheses()
    {
        const string stat = "4242 (my (odd) server) S 4200 4201 4100 0 -1 4194560 120 0 0 0 1 2 0 0 20 0 3 0 987654 1234 56 18446744073709551615";

        LinuxProcessInspector.ProcessStat? parsed = LinuxProcessInspector.ParseStat(stat);

        Assert.Equal(new LinuxProcessInspector.ProcessStat("my (odd) server", 4201, 987654, IsZombie: false), parsed);
    }

    [Fact]
    public void ParseStat_knows_a_zombie_and_refuses_what_is_not_a_stat_line()
    {
        Assert.True(LinuxProcessInspector.ParseStat("7 (sleep) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0")!.IsZombie);
        Assert.Null(LinuxProcessInspector.ParseStat("no parentheses here"));
        Assert.Null(LinuxProcessInspector.ParseStat("7 (short) S 1 7"));
    }

    [Fact]
    public void ListeningSocketInodes_picks_the_listening_sockets_of_the_port_only()
    {
        const string tcp =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0\n"
            + "   1: 0100007F:1F90 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 20 4 30 10 -1\n"
            + "   2: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0\n";
        const string tcp6 =
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4545 1 0000000000000000 100 0 0 10 0\n";

        Assert.Equal(new[] { "4242" }, LinuxProcessInspector.ListeningSocketInodes(tcp, 8080));
        Assert.Equal(new[] { "4444" }, LinuxProcessInspector.ListeningSocketInodes(tcp, 8081));
        Assert.Equal(new[] { "4545" }, LinuxProcessInspector.ListeningSocketInodes(tcp6, 8080));
        Assert.Empty(LinuxProcessInspector.ListeningSocketInodes(tcp, 9090));
    }

    [LinuxFact]
    public void ListenerOn_names_the_process_that_listens_on_a_port()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;

            InspectedProcess? holder = new LinuxProcessInspector().ListenerOn(port);

            Assert.NotNull(holder);
            Assert.Equal(Environment.ProcessId, holder!.Pid);
            Assert.Contains("dotnet", holder.Command, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            listener.Stop();
        }
    }

    [LinuxFact]
    public void ListenerOn_finds_nothing_on_a_port_nobody_listens_on()
    {
        Assert.Null(new LinuxProcessInspector().ListenerOn(FreePort.Find()));
    }

    [LinuxFact]
    public async Task MembersOfGroup_lists_the_server_and_its_children_started_after_the_launcher()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        var inspector = new LinuxProcessInspector();
        try
        {
            await using ServerProcess server = ShellServer.Start("echo $$ >> pids; sleep 1000 & echo $! >> pids; echo ready; wait", scratch, output);
            await output.WaitForAsync("ready");
            long launcherStarted = inspector.StartTimeOf(server.Id)!.Value;

            var members = inspector.MembersOfGroup(server.Id)!;

            Assert.Equal(new[] { server.Id }.Concat(PidFile.Read(scratch.At("pids"))).OrderBy(pid => pid), members.Select(m => m.Pid).OrderBy(pid => pid));
            Assert.All(members, m => Assert.True(m.StartTime >= launcherStarted));
            Assert.Contains(members, m => m.Command == "sleep 1000");
        }
        finally
        {
            PidFile.KillSurvivors(scratch.At("pids"));
        }
    }

    [LinuxFact]
    public void The_boot_and_this_process_are_known_and_a_missing_process_is_not()
    {
        var inspector = new LinuxProcessInspector();

        Assert.False(string.IsNullOrEmpty(inspector.BootId));
        Assert.NotNull(inspector.StartTimeOf(Environment.ProcessId));
        Assert.Null(inspector.StartTimeOf(int.MaxValue));
        Assert.Empty(inspector.MembersOfGroup(int.MaxValue)!);
    }
}
