using System;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>Delve answered a call with an error, did not answer in time, or the connection to it is gone.</summary>
internal sealed class DelveException : Exception
{
    public DelveException(string message, Exception? inner = null) : base(message, inner) { }
}
