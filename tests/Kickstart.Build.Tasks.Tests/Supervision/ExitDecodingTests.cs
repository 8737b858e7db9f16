using System.Threading.Tasks;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

public sealed class ExitDecodingTests
{
    [UnixFact]
    public async Task An_exit_code_is_reported_as_is()
    {
        ServerExit exit = await RunToExitAsync("exit 3");

        Assert.Equal(3, exit.ExitCode);
        Assert.Null(exit.Signal);
        Assert.Equal("exited with code 3", exit.Describe());
    }

    [UnixFact]
    public async Task A_crash_is_reported_as_its_signal()
    {
        // ulimit -c 0: a core dump would be slow and litter the working directory.
        ServerExit exit = await RunToExitAsync("ulimit -c 0; kill -SEGV $$");

        Assert.Null(exit.ExitCode);
        Assert.Equal(11, exit.Signal);
        Assert.Equal("was killed by signal SIGSEGV (11)", exit.Describe());
    }

    [UnixFact]
    public async Task An_abort_is_reported_as_SIGABRT()
    {
        ServerExit exit = await RunToExitAsync("ulimit -c 0; kill -ABRT $$");

        Assert.Equal(6, exit.Signal);
        Assert.Equal("was killed by signal SIGABRT (6)", exit.Describe());
    }

    private static async Task<ServerExit> RunToExitAsync(string script)
    {
        using var scratch = new TempDirectory();
        await using ServerProcess server = ShellServer.Start(script, scratch, new OutputRecorder());
        return await server.Exited.WaitAsync(Deadlines.Condition);
    }
}
