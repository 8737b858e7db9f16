using System;
using System.Threading.Tasks;

namespace Kickstart.TestSupport;

/// <summary>Waits that fail by themselves: a condition polled until a deadline, then an exception that says what was awaited.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        if (!await Poll.UntilAsync(condition, timeout, Interval))
            throw TimedOut(timeout, what);
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        if (!await Poll.UntilAsync(condition, timeout, Interval))
            throw TimedOut(timeout, what);
    }

    /// <summary>Awaits a task with a deadline, so a hang fails the test instead of stalling the run.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw TimedOut(timeout, what);
        }
    }

    public static async Task WithinAsync(Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw TimedOut(timeout, what);
        }
    }

    private static TimeoutException TimedOut(TimeSpan timeout, string what) =>
        new($"Timed out after {timeout.TotalMilliseconds:0} ms waiting for {what}.");
}
