using Kickstart.Build.Tasks.Debugging;

namespace Kickstart.Build.Tasks.Tests.Debugging;

public sealed class DelveCommandLineTests
{
    [Fact]
    public void Runs_the_binary_headless_on_the_address_halted_with_the_servers_arguments_after_a_double_dash()
    {
        var commandLine = new DelveCommandLine("/usr/bin/dlv", "/obj/kickstart-watch/app", "127.0.0.1:2345", new[] { "--listen", "-v" });

        Assert.Equal(
            new[] { "exec", "/obj/kickstart-watch/app", "--headless", "--listen=127.0.0.1:2345", "--api-version=2", "--accept-multiclient", "--", "--listen", "-v" },
            commandLine.Arguments);
        Assert.DoesNotContain("--continue", commandLine.Arguments);
    }

    [Fact]
    public void Without_server_arguments_there_is_no_double_dash()
    {
        var commandLine = new DelveCommandLine("dlv", "app", "[::1]:2345", System.Array.Empty<string>());

        Assert.Equal(new[] { "exec", "app", "--headless", "--listen=[::1]:2345", "--api-version=2", "--accept-multiclient" }, commandLine.Arguments);
    }
}
