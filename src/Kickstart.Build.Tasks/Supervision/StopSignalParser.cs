using System;
using System.Globalization;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Reads a stop signal as users write it in a project file: "SIGTERM", "TERM", "int", "9"...</summary>
public static class StopSignalParser
{
    public static bool TryParse(string? text, out StopSignal signal)
    {
        signal = StopSignal.Terminate;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string name = text.Trim();
        if (name.StartsWith("SIG", StringComparison.OrdinalIgnoreCase))
        {
            name = name.Substring(3);
        }

        switch (name.ToUpperInvariant())
        {
            case "TERM":
                signal = StopSignal.Terminate;
                return true;
            case "INT":
                signal = StopSignal.Interrupt;
                return true;
            case "KILL":
                signal = StopSignal.Kill;
                return true;
        }

        // Numbers are accepted too because "kill -15" habits end up in project files; only the three we can send.
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            switch (number)
            {
                case SignalNames.Terminate:
                    signal = StopSignal.Terminate;
                    return true;
                case SignalNames.Interrupt:
                    signal = StopSignal.Interrupt;
                    return true;
                case SignalNames.Kill:
                    signal = StopSignal.Kill;
                    return true;
            }
        }

        return false;
    }
}
