using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.TestSupport;

/// <summary>
/// Waiting on a condition with a deadline — the only kind of waiting the tests do (for what the OS offers no
/// notification of: a PID vanishing, a port answering, a line appearing). The condition is checked once more after
/// the deadline, so a wait never fails for want of a last look.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The short interval of the unit tests' waits for PIDs and FIFOs (cheap conditions, timed results).</summary>
    private static readonly TimeSpan DefaultAsyncInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Blocks until <paramref name="condition"/> holds (true) or <paramref name="deadline"/> passed (false).</summary>
    public static bool Until(Func<bool> condition, TimeSpan deadline, TimeSpan? interval = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (condition())
                return true;
            if (stopwatch.Elapsed > deadline)
                return false;
            Thread.Sleep(interval ?? DefaultInterval);
        }
    }

    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline, TimeSpan? interval = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (condition())
                return true;
            if (stopwatch.Elapsed > deadline)
                return false;
            await Task.Delay(interval ?? DefaultAsyncInterval);
        }
    }

    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, TimeSpan? interval = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
                return true;
            if (stopwatch.Elapsed > deadline)
                return false;
            await Task.Delay(interval ?? DefaultAsyncInterval);
        }
    }
}
