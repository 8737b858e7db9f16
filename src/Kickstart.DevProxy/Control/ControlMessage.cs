namespace Kickstart.DevProxy.Control;

/// <summary>One line the Watch task wrote on the proxy's standard input.</summary>
internal abstract record ControlMessage;
