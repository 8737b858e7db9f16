using System.Collections.Generic;

namespace Kickstart.DevProxy.Control;

/// <summary><c>{"type":"buildFailed","errors":[…]}</c>: show the errors over every open page.</summary>
internal sealed record BuildFailedMessage(IReadOnlyList<BuildError> Errors) : ControlMessage;
