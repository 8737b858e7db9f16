using System;

namespace Kickstart.DevProxy.Hosting;

/// <summary>The command line cannot be used; the message is one sentence for the developer.</summary>
internal sealed class InvalidArgumentsException : Exception
{
    public InvalidArgumentsException(string message)
        : base(message)
    {
    }
}
