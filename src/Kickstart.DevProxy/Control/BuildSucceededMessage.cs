namespace Kickstart.DevProxy.Control;

/// <summary><c>{"type":"buildSucceeded"}</c>: remove the error overlay (a <c>ready</c> follows when the server is swapped).</summary>
internal sealed record BuildSucceededMessage : ControlMessage;
