namespace Kickstart.DevProxy.Browser;

/// <summary>One event of the <c>/_kickstart/events</c> stream. <paramref name="Data"/> is one line (JSON has no raw newlines).</summary>
internal sealed record ServerSentEvent(string Name, string Data)
{
    public string ToWireFormat() => $"event: {Name}\ndata: {Data}\n\n";
}
