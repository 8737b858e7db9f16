using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>Waits for a condition the OS offers no notification for (a PID vanishing), with a deadline.</summary>
internal static class Poll
{
    internal static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline)
    {
        long started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
