using System;

namespace Kickstart.DevProxy.Control;

/// <summary>
/// <c>{"type":"ready","upstream":"http://127.0.0.1:PORT"}</c>: the new server accepts connections; release held
/// requests and reload the pages. Without <c>upstream</c> the address stays what it was.
/// </summary>
internal sealed record ReadyMessage(Uri? Upstream) : ControlMessage;
