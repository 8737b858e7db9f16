using System;
using System.Diagnostics;
using System.Threading;

namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>Waiting on a condition with a deadline — the only kind of waiting these tests do.</summary>
internal static class Poll
{
    public static bool Until(Func<bool> condition, TimeSpan deadline, TimeSpan? interval = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (condition())
                return true;
            if (stopwatch.Elapsed > deadline)
                return false;
            Thread.Sleep(interval ?? TimeSpan.FromMilliseconds(20));
        }
    }
}
