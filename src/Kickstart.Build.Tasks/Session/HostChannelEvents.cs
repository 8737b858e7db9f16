using System;
using System.Collections.Generic;
using System.Linq;
using Kickstart.Contracts;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// The loop's moments as the host's events (<see cref="WatchEventKinds"/>), and the host's commands
/// (<see cref="WatchCommandNames"/>) as the loop's requests, over one <see cref="HostChannel"/>.
/// </summary>
internal sealed class HostChannelEvents : IWatchHost
{
    private readonly HostChannel _channel;

    public HostChannelEvents(HostChannel channel) => _channel = channel;

    public void Listen(Action restart, Action rebuild) => _channel.StartReading(name =>
    {
        // Names the watch does not know (a newer host's) are ignored, as the contract says.
        if (name == WatchCommandNames.Restart)
            restart();
        else if (name == WatchCommandNames.Rebuild)
            rebuild();
    });

    public void Building(string? changes) =>
        _channel.Send(new WatchEvent { Kind = WatchEventKinds.Building, Message = changes });

    public void Running(string statusLine, Uri? url, int? serverProcessId) =>
        _channel.Send(new WatchEvent
        {
            Kind = WatchEventKinds.Running,
            Message = statusLine,
            Url = url?.ToString().TrimEnd('/'),
            ServerProcessId = serverProcessId,
        });

    public void BuildFailed(string statusLine, IReadOnlyList<string> errors, bool stillServing) =>
        _channel.Send(new WatchEvent
        {
            Kind = WatchEventKinds.BuildFailed,
            Message = statusLine,
            Errors = errors.ToList(),
            StillServing = stillServing,
        });

    public void Unchanged(string statusLine) =>
        _channel.Send(new WatchEvent { Kind = WatchEventKinds.Unchanged, Message = statusLine });

    public void ServerExited(string statusLine) =>
        _channel.Send(new WatchEvent { Kind = WatchEventKinds.ServerExited, Message = statusLine });

    public void Failed(IReadOnlyList<string> errors)
    {
        _channel.Send(new WatchEvent { Kind = WatchEventKinds.Failed, Errors = errors.ToList() });
        _channel.Dispose(); // the watch ends: written before the task returns
    }

    public void Stopping(string statusLine)
    {
        _channel.Send(new WatchEvent { Kind = WatchEventKinds.Stopping, Message = statusLine });
        // The last event: written before the process may go (the .NET CLI exits on SIGTERM right after the handlers).
        _channel.Dispose();
    }
}
