using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using Kickstart.Build.Tasks.Debugging;
using Kickstart.Build.Tasks.Supervision;
using Kickstart.Build.Tasks.Tests.Supervision;
using FreePort = Kickstart.TestSupport.FreePort;

namespace Kickstart.Build.Tasks.Tests.Debugging;

/// <summary>
/// A real headless dlv started from <see cref="DelveCommandLine"/> on a free loopback port, with a connected
/// <see cref="DelveClient"/>. Dispose leaves neither dlv nor its server: dlv puts the server in a process group of its
/// own, so the server is killed by its PID (learnt from Delve's state), not through dlv.
/// </summary>
internal sealed class DelveUnderTest : IDisposable
{
    private readonly Process _dlv;
    private readonly ConcurrentQueue<string> _output;

    private DelveUnderTest(Process dlv, ConcurrentQueue<string> output, DelveClient client, int serverPid, string address)
    {
        _dlv = dlv;
        _output = output;
        Client = client;
        ServerPid = serverPid;
        Address = address;
    }

    public DelveClient Client { get; }
    public int DelvePid => _dlv.Id;
    public int ServerPid { get; }
    public string Address { get; }
    /// <summary>What dlv and the server printed (dlv passes the server's output through).</summary>
    public string Output => string.Join("\n", _output);

    public static string DelvePath =>
        DelveLocator.Locate(null, Environment.GetEnvironmentVariable("PATH"), out _, out _)
        ?? throw new InvalidOperationException("dlv is not on PATH (Debian: apt-get install delve).");

    /// <summary>Starts <paramref name="binary"/> under dlv, halted, with PORT=<paramref name="serverPort"/>.</summary>
    public static DelveUnderTest Start(string binary, int serverPort, string workingDirectory)
    {
        string address = $"127.0.0.1:{FreePort.Find()}";
        var commandLine = new DelveCommandLine(DelvePath, binary, address, Array.Empty<string>());
        var start = new ProcessStartInfo(commandLine.DelvePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in commandLine.Arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PORT"] = serverPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dlv = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        dlv.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        dlv.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        dlv.BeginOutputReadLine();
        dlv.BeginErrorReadLine();
        DelveClient? client = null;
        try
        {
            client = DelveClient.Connect(address, Deadlines.Condition);
            return new DelveUnderTest(dlv, output, client, client.State().Pid, address);
        }
        catch
        {
            client?.Dispose();
            Kill(dlv, 0);
            throw;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Kill(_dlv, ServerPid);
    }

    private static void Kill(Process dlv, int serverPid)
    {
        if (serverPid > 0 && !ProcessTable.IsGone(serverPid))
        {
            try { Process.GetProcessById(serverPid).Kill(); }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
        try
        {
            if (!dlv.HasExited)
                dlv.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        dlv.WaitForExit();
        dlv.Dispose();
    }
}
