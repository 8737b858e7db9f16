using System;
using System.Linq;
using System.Reflection;
using System.Threading;

namespace Kickstart.Build.Tasks.Session;

/// <summary>
/// Holds back the process's Console.CancelKeyPress handlers — MSBuild's, which cancels the build on Ctrl+C, and the
/// .NET CLI's — while the watch runs, and gives them back afterwards, in their order.
/// </summary>
/// <remarks>
/// An event can only be unsubscribed with the delegate that subscribed, and MSBuild's is a private method of its entry
/// point, so the handlers are read from the runtime's field behind the event (System.Console.s_cancelCallbacks, the same
/// in every .NET from 6 on) and unsubscribed through the public event. If the field is not there (another runtime),
/// nothing is held back and Ctrl+C stays MSBuild's cancellation: the watch still stops, the build is reported cancelled.
/// The handlers exist only in the process that started the build: in an MSBuild worker node (a solution built on several
/// nodes) there is no MSBuild handler here to hold back, and Ctrl+C in the terminal cancels the build from the entry process.
/// </remarks>
internal static class ConsoleCancelHandlers
{
    private const string MSBuildEntryPoint = "Microsoft.Build.CommandLine.MSBuildApp";

    private static readonly object Gate = new();
    private static int _holders;
    private static ConsoleCancelEventHandler[]? _heldBack;

    /// <summary>
    /// Holds the handlers back until the returned object is disposed. Several watches in one process (a solution of
    /// services) share one hold: the handlers come back when the last of them ends.
    /// </summary>
    public static IDisposable HoldBack()
    {
        lock (Gate)
        {
            if (_holders++ == 0)
                _heldBack = TakeHandlers();
        }
        return new Hold();
    }

    /// <summary>True while MSBuild's own Ctrl+C handler is held back (so Ctrl+C does not cancel the build).</summary>
    public static bool MSBuildsHeldBack
    {
        get { lock (Gate) return _heldBack is not null; }
    }

    private static ConsoleCancelEventHandler[]? TakeHandlers()
    {
        ConsoleCancelEventHandler[] handlers;
        try
        {
            FieldInfo? field = typeof(Console).GetField("s_cancelCallbacks", BindingFlags.NonPublic | BindingFlags.Static);
            if (field?.GetValue(null) is not ConsoleCancelEventHandler all)
                return null;
            handlers = all.GetInvocationList().Cast<ConsoleCancelEventHandler>().ToArray();
        }
        catch (Exception e) when (e is MemberAccessException or InvalidCastException or NotSupportedException)
        {
            return null;
        }
        if (!handlers.Any(h => h.Method.DeclaringType?.FullName == MSBuildEntryPoint))
            return null; // not the build's entry process: leave the console alone
        foreach (ConsoleCancelEventHandler h in handlers)
            Console.CancelKeyPress -= h;
        return handlers;
    }

    private sealed class Hold : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            lock (Gate)
            {
                if (--_holders != 0 || _heldBack is null)
                    return;
                foreach (ConsoleCancelEventHandler h in _heldBack)
                    Console.CancelKeyPress += h;
                _heldBack = null;
            }
        }
    }
}
