using System;
using System.IO;
using System.Threading;

namespace Kickstart.Build.Tasks.Hosting;

/// <summary>
/// In the watch's own process: what the build that started it asks, read from stdin — a stop request, Ctrl+R — and
/// the end of stdin, which means the build's process is gone (killed, crashed) and the watch must stop on its own.
/// </summary>
internal sealed class BuildRequests
{
    private readonly TextReader _fromBuild;

    public BuildRequests(TextReader fromBuild) => _fromBuild = fromBuild;

    /// <summary>Reads the requests on a thread of its own until stdin ends.</summary>
    public void Start(Action stop, Action restart, Action buildGone)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (_fromBuild.ReadLine() is { } line)
                {
                    if (line == WatchProcessContract.StopLine)
                        stop();
                    else if (line == WatchProcessContract.RestartLine)
                        restart();
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // the pipe broke: the build is gone all the same
            }
            buildGone();
        })
        { IsBackground = true, Name = "Kickstart build requests" };
        thread.Start();
    }
}
