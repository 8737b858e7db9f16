using System;
using System.Threading;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// Ctrl+R from the terminal: restart the server by hand. Only when stdin is a real terminal (not in CI, not in a worker
/// node whose stdin is a pipe). The reader is a background thread blocked in Console.ReadKey, which Ctrl+C still
/// interrupts as a signal.
/// </summary>
internal static class ConsoleKeys
{
    public static bool Available
    {
        get
        {
            try { return !Console.IsInputRedirected && Environment.UserInteractive; }
            catch (Exception e) when (e is InvalidOperationException or System.IO.IOException) { return false; }
        }
    }

    public static void StartReading(Action onCtrlR, CancellationToken cancellation)
    {
        if (!Available)
            return;
        var thread = new Thread(() =>
        {
            try
            {
                while (!cancellation.IsCancellationRequested)
                {
                    ConsoleKeyInfo key = Console.ReadKey(intercept: true);
                    if (cancellation.IsCancellationRequested)
                        return;
                    if (key.Key == ConsoleKey.R && (key.Modifiers & ConsoleModifiers.Control) != 0 || key.KeyChar == '\u0012')
                        onCtrlR();
                }
            }
            catch (Exception e) when (e is InvalidOperationException or System.IO.IOException)
            {
                // No console after all: Ctrl+R is simply not available.
            }
        })
        { IsBackground = true, Name = "Kickstart Ctrl+R" };
        thread.Start();
    }
}
