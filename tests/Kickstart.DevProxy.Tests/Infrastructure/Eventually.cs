using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Kickstart.DevProxy.Tests.Infrastructure;

/// <summary>Every wait in these tests: a condition polled until a deadline, then a failure that says what was awaited.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > timeout)
                throw new TimeoutException($"Timed out after {timeout.TotalMilliseconds:0} ms waiting for {what}.");
            await Task.Delay(20);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > timeout)
                throw new TimeoutException($"Timed out after {timeout.TotalMilliseconds:0} ms waiting for {what}.");
            await Task.Delay(20);
        }
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
            throw new TimeoutException($"Timed out after {timeout.TotalMilliseconds:0} ms waiting for {what}.");
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
            throw new TimeoutException($"Timed out after {timeout.TotalMilliseconds:0} ms waiting for {what}.");
        }
    }
}
