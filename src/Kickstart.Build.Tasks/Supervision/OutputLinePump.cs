using System;
using System.IO;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Reads one redirected stream to its end, passing on each line as soon as its terminator arrives.</summary>
internal static class OutputLinePump
{
    internal static Task StartAsync(StreamReader reader, bool isError, OutputSink sink) =>
        // Task.Run so the first read never runs on the thread that is still starting the process.
        Task.Run(() => PumpAsync(reader, isError, sink));

    private static async Task PumpAsync(StreamReader reader, bool isError, OutputSink sink)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is string line)
            {
                sink.Deliver(new ServerOutputLine(line, isError));
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The stream was closed under us: the owner gave up waiting for descendants that kept the pipe open.
        }
    }
}
