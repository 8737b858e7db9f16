using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Supervision;

internal static class TaskTimeouts
{
    /// <summary>True when <paramref name="task"/> completes within <paramref name="timeout"/>. Unlike WaitAsync it
    /// does not throw on timeout, and it cancels its timer as soon as the task wins so no timers pile up.</summary>
    internal static async Task<bool> CompletesWithinAsync(this Task task, TimeSpan timeout)
    {
        if (task.IsCompleted)
        {
            return true;
        }

        using var timerCancellation = new CancellationTokenSource();
        Task timer = Task.Delay(timeout, timerCancellation.Token);
        Task winner = await Task.WhenAny(task, timer).ConfigureAwait(false);
        timerCancellation.Cancel();
        return winner == task;
    }
}
