using System;
using System.Globalization;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>How a server ended.</summary>
/// <param name="ExitCode">The code the process exited with; null when a signal ended it.</param>
/// <param name="Signal">The signal that ended it (Unix only); null when it exited by itself.</param>
/// <param name="KilledAfterTimeout">True when a graceful stop was asked and the tree had to be killed.</param>
/// <param name="StopDuration">From the stop request to the exit; zero when nobody asked it to stop.</param>
public sealed record ServerExit(int? ExitCode, int? Signal, bool KilledAfterTimeout, TimeSpan StopDuration)
{
    /// <summary>A phrase that completes "The server …" in the build log: "exited with code 1", "was killed by signal
    /// SIGSEGV (11)", "was killed after not stopping within 5 s".</summary>
    public string Describe()
    {
        if (KilledAfterTimeout)
        {
            return "was killed after not stopping within " + FormatDuration(StopDuration);
        }

        if (Signal is int signal)
        {
            string? name = SignalNames.NameOf(signal);
            return name is null
                ? string.Format(CultureInfo.InvariantCulture, "was killed by signal {0}", signal)
                : string.Format(CultureInfo.InvariantCulture, "was killed by signal {0} ({1})", name, signal);
        }

        return ExitCode is int code
            ? string.Format(CultureInfo.InvariantCulture, "exited with code {0}", code)
            : "exited";
    }

    // StopDuration includes the few milliseconds the kill itself took; truncating to tenths keeps the message
    // reading as the configured timeout ("5 s", not "5.003 s").
    private static string FormatDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Format(CultureInfo.InvariantCulture, "{0:0} ms", Math.Floor(duration.TotalMilliseconds));
        }

        double tenths = Math.Floor(duration.TotalSeconds * 10) / 10;
        return string.Format(CultureInfo.InvariantCulture, "{0:0.#} s", tenths);
    }
}
