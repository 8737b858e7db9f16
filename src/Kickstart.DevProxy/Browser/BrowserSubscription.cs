using System;
using System.Threading.Channels;

namespace Kickstart.DevProxy.Browser;

/// <summary>One connected page's queue of events; disposing it stops the page from receiving more.</summary>
internal sealed class BrowserSubscription : IDisposable
{
    private readonly Action _unsubscribe;

    public BrowserSubscription(ChannelReader<ServerSentEvent> events, Action unsubscribe)
    {
        Events = events;
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<ServerSentEvent> Events { get; }

    public void Dispose() => _unsubscribe();
}
