using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace Kickstart.Build.Tasks.Watch;

/// <summary>
/// SIGTERM and SIGHUP end the watch the way Ctrl+C does. MSBuild cancels a build on Ctrl+C only; without this,
/// `kill &lt;dotnet pid&gt;` or a closed terminal would end the process and leave the server running.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = new();

    public static StopSignals Register(CancellationTokenSource cancel)
    {
        var signals = new StopSignals();
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            return signals;
        foreach (PosixSignal signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // Keep the process alive until the loop has stopped the server; the build then ends by itself.
                context.Cancel = true;
                cancel.Cancel();
            }));
        }
        return signals;
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
            r.Dispose();
        _registrations.Clear();
    }
}
