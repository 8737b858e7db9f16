using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Supervision;

/// <summary>
/// Windows: the server in a job object with kill-on-close. Every process the server starts joins the job, killing the
/// job kills them all, and when this process ends, however it ends, the last handle to the job closes and Windows
/// ends them too. Windows has no signals for arbitrary processes (console control events need a shared console, which
/// a redirected child does not have), so every stop there is the kill.
/// </summary>
/// <remarks>
/// The server is assigned to the job right after it starts (.NET's Process cannot start it suspended), so a child it
/// spawns in its very first instant could escape; if the job cannot be made at all, the kill falls back to .NET's
/// process-tree kill.
/// </remarks>
internal sealed class JobObjectProcessGroup : IProcessGroup
{
    private readonly Process _process;
    private readonly WindowsNative.SafeJobHandle? _job;

    internal JobObjectProcessGroup(Process process, WindowsNative.SafeJobHandle? job)
    {
        _process = process;
        _job = job;
    }

    public bool TrySignal(ServerStopSignal signal) => false;

    public void Kill()
    {
        if (_job is not null && !_job.IsInvalid && !_job.IsClosed && WindowsNative.TerminateJobObject(_job, unchecked((uint)-1)))
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or AggregateException or NotSupportedException)
        {
            // Already gone, or not ours to kill: nothing more a supervisor can do, and a kill must not throw.
        }
    }

    public void Dispose() => _job?.Dispose();

    private static WindowsNative.SafeJobHandle? CreateKillOnCloseJob(Process process)
    {
        WindowsNative.SafeJobHandle job = WindowsNative.CreateJobObject(IntPtr.Zero, null);
        if (job.IsInvalid)
        {
            job.Dispose();
            return null;
        }

        var limits = new WindowsNative.JobObjectExtendedLimitInformation
        {
            BasicLimitInformation = new WindowsNative.JobObjectBasicLimitInformation
            {
                LimitFlags = WindowsNative.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
            },
        };
        bool ready = WindowsNative.SetInformationJobObject(job, WindowsNative.JobObjectExtendedLimitInformationClass, ref limits,
                         (uint)Marshal.SizeOf<WindowsNative.JobObjectExtendedLimitInformation>())
                     && WindowsNative.AssignProcessToJobObject(job, process.SafeHandle);
        if (!ready)
        {
            job.Dispose();
            return null;
        }

        return job;
    }

    /// <summary>Starts programs directly and puts them in a new job.</summary>
    internal sealed class Starter : IProcessGroupStarter
    {
        public void Prepare(ProcessStartInfo startInfo, string program) => startInfo.FileName = program;

        public IProcessGroup Adopt(Process process)
        {
            // An empty, closed stdin: a server must neither read MSBuild's console nor block waiting for input.
            process.StandardInput.Close();
            return new JobObjectProcessGroup(process, CreateKillOnCloseJob(process));
        }
    }
}
