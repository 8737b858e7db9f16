using System.IO;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class ServerRecordTests
{
    [Fact]
    public void A_record_reads_back_as_it_was_written()
    {
        var record = new ServerRecord(4242, 987654, "b08af307", 4100, 123456, 8080, "/work/obj/Debug/kickstart-watch/server-3");

        Assert.Equal(record, ServerRecord.Parse(record.Format()));
        Assert.Equal(record with { GroupStartTime = null, BootId = null, WatchStartTime = null, Port = null },
            ServerRecord.Parse("group=4242\nwatch=4100\nbinary=/work/obj/Debug/kickstart-watch/server-3\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("group=4242\nbinary=/x\n")]
    [InlineData("group=1\nwatch=4100\nbinary=/x\n")]
    [InlineData("group=abc\nwatch=4100\nbinary=/x\n")]
    public void Anything_else_is_no_record(string text)
    {
        Assert.Null(ServerRecord.Parse(text));
    }

    [UnixFact]
    public async Task A_server_is_recorded_while_it_runs_and_no_longer_once_it_has_exited()
    {
        using var scratch = new TempDirectory();
        var output = new OutputRecorder();
        string records = Directory.CreateDirectory(scratch.At("staging")).FullName;
        var info = new ServerStartInfo
        {
            FileName = "/bin/sh",
            Arguments = new[] { "-c", $"mkfifo gate; echo ready; {FifoGate.WaitIn("gate")}" },
            WorkingDirectory = scratch.Path,
            Launcher = TestLauncher.Path,
            RecordDirectory = records,
            Port = 8080,
        };
        await using ServerProcess server = ServerProcess.Start(info, output.Record);
        await output.WaitForAsync("ready");

        ServerRecord? running = ServerRecord.TryRead(ServerRecord.FileIn(records, server.Id));

        Assert.NotNull(running);
        Assert.Equal(server.Id, running!.Group);
        Assert.Equal(System.Environment.ProcessId, running.Watch);
        Assert.Equal(8080, running.Port);
        Assert.Equal("/bin/sh", running.Binary);
        if (System.OperatingSystem.IsLinux())
        {
            Assert.NotNull(running.GroupStartTime);
            Assert.NotNull(running.WatchStartTime);
            Assert.NotNull(running.BootId);
        }
        Assert.Equal(new[] { ServerRecord.FileIn(records, server.Id) }, ServerRecord.FilesIn(records));

        await FifoGate.ReleaseAsync(scratch.At("gate"));
        await server.Exited.WaitAsync(Deadlines.Condition);
        Assert.Empty(ServerRecord.FilesIn(records));
    }
}
