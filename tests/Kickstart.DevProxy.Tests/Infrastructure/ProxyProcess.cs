using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Kickstart.DevProxy.Tests.Infrastructure;

/// <summary>
/// The real proxy, started as the Watch task starts it: <c>dotnet Kickstart.DevProxy.dll …</c> with standard input as
/// the control channel. Disposing kills it by its own process id if it still runs.
/// </summary>
internal sealed class ProxyProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private const string ListeningPrefix = Kickstart.Contracts.DevProxyContract.ListeningPrefix;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ProxyProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; private set; } = null!;

    public string[] StandardOutput => _stdout.ToArray();

    public string[] StandardError => _stderr.ToArray();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>Starts a proxy and waits for its listening line.</summary>
    public static async Task<ProxyProcess> StartAsync(Uri upstream, int holdTimeoutMs = 5000, string listen = "http://127.0.0.1:0", params string[] moreArguments)
    {
        ProxyProcess proxy = Launch(new[] { "--listen", listen, "--upstream", upstream.AbsoluteUri.TrimEnd('/'),
            "--hold-timeout-ms", holdTimeoutMs.ToString(CultureInfo.InvariantCulture) }.Concat(moreArguments).ToArray());
        try
        {
            await Eventually.TrueAsync(() => proxy.ListeningLine() is not null || proxy.HasExited, StartTimeout, "the proxy's listening line");
            string line = proxy.ListeningLine()
                ?? throw new InvalidOperationException("The proxy exited before listening: " + string.Join(" | ", proxy.StandardError));
            proxy.Url = new Uri(line[ListeningPrefix.Length..]);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the proxy with any arguments and does not wait for anything.</summary>
    public static ProxyProcess Launch(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DevProxyLocation.Dll);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return new ProxyProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>Writes one control message, as the Watch task does.</summary>
    public void Send(string jsonLine)
    {
        _process.StandardInput.WriteLine(jsonLine);
        _process.StandardInput.Flush();
    }

    public void CloseInput() => _process.StandardInput.Close();

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private string? ListeningLine() => _stdout.FirstOrDefault(l => l.StartsWith(ListeningPrefix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        _process.Dispose();
    }
}
