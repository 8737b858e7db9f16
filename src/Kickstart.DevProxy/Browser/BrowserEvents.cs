using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Channels;
using Kickstart.Contracts;

namespace Kickstart.DevProxy.Browser;

/// <summary>
/// What the open pages are told (<c>reload</c>, <c>errors</c>, <c>clear</c>, <c>stylesheets</c>), and the overlay state a page that
/// connects later must see: after a failed build every newly loaded page shows the errors too.
/// </summary>
internal sealed class BrowserEvents
{
    public const string Reload = "reload";
    public const string Errors = "errors";
    public const string Clear = "clear";
    public const string Stylesheets = "stylesheets";

    private readonly object _gate = new();
    private readonly HashSet<ChannelWriter<ServerSentEvent>> _subscribers = new();
    private ServerSentEvent? _currentErrors;

    /// <summary>
    /// Registers a page. The current errors, if any, are its first event; subscribing and reading the state happen
    /// under one lock, so no event published meanwhile can be missed or come before them.
    /// </summary>
    public BrowserSubscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<ServerSentEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (_currentErrors is not null)
                channel.Writer.TryWrite(_currentErrors);
            _subscribers.Add(channel.Writer);
        }
        return new BrowserSubscription(channel.Reader, () => Unsubscribe(channel.Writer));
    }

    public void PublishErrors(IReadOnlyList<BuildError> errors)
    {
        // Serialized again rather than passed through: the page gets exactly the shape it expects, on one line.
        var message = new ServerSentEvent(Errors, JsonSerializer.Serialize(errors));
        lock (_gate)
        {
            _currentErrors = message;
            Broadcast(message);
        }
    }

    public void PublishClear()
    {
        lock (_gate)
        {
            _currentErrors = null;
            Broadcast(new ServerSentEvent(Clear, "{}"));
        }
    }

    /// <summary>A new server runs, so it was built: no errors remain for pages loaded from now on.</summary>
    public void PublishReload()
    {
        lock (_gate)
        {
            _currentErrors = null;
            Broadcast(new ServerSentEvent(Reload, "{}"));
        }
    }

    /// <summary>
    /// Static files changed, nothing was built: pages reload (data: <c>{"paths":[…]}</c>, what to fetch anew first), and
    /// what they must show (the overlay) stays.
    /// </summary>
    public void PublishPageReload(IReadOnlyList<string> paths)
    {
        var message = new ServerSentEvent(Reload, JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>> { ["paths"] = paths }));
        lock (_gate)
            Broadcast(message);
    }

    /// <summary>Stylesheets changed: pages swap the ones they link (data: the paths, a JSON array of strings).</summary>
    public void PublishStylesheets(IReadOnlyList<string> paths)
    {
        var message = new ServerSentEvent(Stylesheets, JsonSerializer.Serialize(paths));
        lock (_gate)
            Broadcast(message);
    }

    private void Broadcast(ServerSentEvent message)
    {
        foreach (ChannelWriter<ServerSentEvent> subscriber in _subscribers)
            subscriber.TryWrite(message);
    }

    private void Unsubscribe(ChannelWriter<ServerSentEvent> writer)
    {
        lock (_gate)
            _subscribers.Remove(writer);
        writer.TryComplete();
    }
}
