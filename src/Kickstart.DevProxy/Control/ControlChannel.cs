using System;
using System.IO;
using System.Threading;
using Kickstart.Contracts;
using Kickstart.DevProxy.Browser;
using Kickstart.DevProxy.Forwarding;
using Kickstart.DevProxy.Hosting;

namespace Kickstart.DevProxy.Control;

/// <summary>
/// Reads the control messages (<see cref="ControlMessage"/>, the contract shared with the Watch task) from the proxy's
/// standard input and applies them.
/// </summary>
/// <remarks>
/// Standard input is the security boundary: it is a pipe inherited from the Watch task, which only that process can
/// write to. Nothing reachable over the network can change the proxy's upstream or what the pages are told, and the
/// reserved HTTP paths only read state. The end of the input means the Watch task is gone (it exited, was stopped by
/// Ctrl+C or SIGTERM, or crashed): the proxy then stops at once, so it can never outlive the build.
/// </remarks>
internal sealed class ControlChannel
{
    private readonly TextReader _input;
    private readonly UpstreamGate _gate;
    private readonly BrowserEvents _events;
    private readonly TextWriter _diagnostics;
    private readonly Action _onEndOfInput;

    public ControlChannel(TextReader input, UpstreamGate gate, BrowserEvents events, TextWriter diagnostics, Action onEndOfInput)
    {
        _input = input;
        _gate = gate;
        _events = events;
        _diagnostics = diagnostics;
        _onEndOfInput = onEndOfInput;
    }

    /// <summary>Starts reading on a thread of its own: reads from a pipe block, and must not hold a pool thread.</summary>
    public void Start()
    {
        var reader = new Thread(ReadUntilEnd) { IsBackground = true, Name = "kickstart-proxy control channel" };
        reader.Start();
    }

    private void ReadUntilEnd()
    {
        try
        {
            while (_input.ReadLine() is { } line)
            {
                if (line.Trim().Length > 0)
                    Handle(line);
            }
        }
        catch (IOException)
        {
            // A broken pipe is the same as its end: the writer is gone.
        }
        _onEndOfInput();
    }

    public void Handle(string line)
    {
        ControlMessage message;
        Uri? upstream;
        try
        {
            message = ControlMessage.Parse(line);
            upstream = message is ReadyMessage ready ? ParseUpstream(ready) : null;
        }
        catch (FormatException e)
        {
            // A message this version does not understand must not stop the proxy: say so and go on.
            _diagnostics.WriteLine($"kickstart-proxy: warning: ignored a control message: {e.Message}.");
            return;
        }
        Apply(message, upstream);
    }

    /// <summary>The new server's address, held to the rules of <c>--upstream</c>; null keeps the current one.</summary>
    private static Uri? ParseUpstream(ReadyMessage ready)
    {
        if (ready.Upstream is null)
            return null;
        try
        {
            return CommandLine.ParseHttpUrl("upstream", ready.Upstream);
        }
        catch (InvalidArgumentsException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private void Apply(ControlMessage message, Uri? upstream)
    {
        switch (message)
        {
            case RestartingMessage:
                _gate.Hold();
                break;
            case ReadyMessage:
                _gate.Release(upstream);
                _events.PublishReload();
                break;
            case BuildFailedMessage failed:
                _events.PublishErrors(failed.Errors);
                break;
            case BuildSucceededMessage:
                _events.PublishClear();
                break;
            case ReloadPagesMessage reload:
                _events.PublishPageReload(reload.Paths);
                break;
            case SwapStylesheetsMessage swap:
                _events.PublishStylesheets(swap.Paths);
                break;
        }
    }
}
