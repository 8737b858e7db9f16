using System;
using System.Globalization;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>Reads a stop signal as users write it in a project file: "SIGTERM", "TERM", "int", "9"...</summary>
public static class ServerStopSignalParser
{
    public static bool TryParse(string? text, out ServerStopSignal signal)
    {
        signal = ServerStopSignal.Terminate;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string name = text!.Trim();
        if (name.StartsWith("SIG", StringComparison.OrdinalIgnoreCase))
        {
            name = name.Substring(3);
        }

        switch (name.ToUpperInvariant())
        {
            case "TERM":
                signal = ServerStopSignal.Terminate;
                return true;
            case "INT":
                signal = ServerStopSignal.Interrupt;
                return true;
            case "KILL":
                signal = ServerStopSignal.Kill;
                return true;
        }

        // Numbers are accepted too because "kill -15" habits end up in project files; only the three we can send.
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            switch (number)
            {
                case SignalNames.Terminate:
                    signal = ServerStopSignal.Terminate;
                    return true;
                case SignalNames.Interrupt:
                    signal = ServerStopSignal.Interrupt;
                    return true;
                case SignalNames.Kill:
                    signal = ServerStopSignal.Kill;
                    return true;
            }
        }

        return false;
    }
}
