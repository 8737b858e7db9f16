namespace Kickstart.DevProxy.Control;

/// <summary><c>{"type":"restarting"}</c>: the server is about to be swapped; hold new requests.</summary>
internal sealed record RestartingMessage : ControlMessage;
