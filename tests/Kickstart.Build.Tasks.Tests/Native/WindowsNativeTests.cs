using System;
using System.Runtime.InteropServices;
using Kickstart.Build.Tasks.Native;

namespace Kickstart.Build.Tasks.Tests.Native;

/// <summary>
/// The job object structures must match winnt.h byte for byte: SetInformationJobObject is told their size and fails
/// (or reads garbage) otherwise. Layouts are computed the same way on every OS, so this runs everywhere.
/// </summary>
public sealed class WindowsNativeTests
{
    private static readonly bool Is64Bit = IntPtr.Size == 8;

    [Fact]
    public void JobObjectBasicLimitInformation_HasTheWinntLayout()
    {
        Assert.Equal(Is64Bit ? 64 : 48, Marshal.SizeOf<WindowsNative.JobObjectBasicLimitInformation>());
        Assert.Equal(16, Offset<WindowsNative.JobObjectBasicLimitInformation>(nameof(WindowsNative.JobObjectBasicLimitInformation.LimitFlags)));
        Assert.Equal(Is64Bit ? 24 : 20, Offset<WindowsNative.JobObjectBasicLimitInformation>(nameof(WindowsNative.JobObjectBasicLimitInformation.MinimumWorkingSetSize)));
        Assert.Equal(Is64Bit ? 40 : 28, Offset<WindowsNative.JobObjectBasicLimitInformation>(nameof(WindowsNative.JobObjectBasicLimitInformation.ActiveProcessLimit)));
        Assert.Equal(Is64Bit ? 48 : 32, Offset<WindowsNative.JobObjectBasicLimitInformation>(nameof(WindowsNative.JobObjectBasicLimitInformation.Affinity)));
        Assert.Equal(Is64Bit ? 60 : 40, Offset<WindowsNative.JobObjectBasicLimitInformation>(nameof(WindowsNative.JobObjectBasicLimitInformation.SchedulingClass)));
    }

    [Fact]
    public void IoCounters_IsSixCounters()
    {
        Assert.Equal(48, Marshal.SizeOf<WindowsNative.IoCounters>());
    }

    [Fact]
    public void JobObjectExtendedLimitInformation_HasTheWinntLayout()
    {
        Assert.Equal(Is64Bit ? 144 : 112, Marshal.SizeOf<WindowsNative.JobObjectExtendedLimitInformation>());
        Assert.Equal(Is64Bit ? 64 : 48, Offset<WindowsNative.JobObjectExtendedLimitInformation>(nameof(WindowsNative.JobObjectExtendedLimitInformation.IoInfo)));
        Assert.Equal(Is64Bit ? 112 : 96, Offset<WindowsNative.JobObjectExtendedLimitInformation>(nameof(WindowsNative.JobObjectExtendedLimitInformation.ProcessMemoryLimit)));
        Assert.Equal(Is64Bit ? 136 : 108, Offset<WindowsNative.JobObjectExtendedLimitInformation>(nameof(WindowsNative.JobObjectExtendedLimitInformation.PeakJobMemoryUsed)));
    }

    [Fact]
    public void Constants_HaveTheValuesOfTheWindowsHeaders()
    {
        Assert.Equal(9, WindowsNative.JobObjectExtendedLimitInformationClass);
        Assert.Equal(0x2000u, WindowsNative.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE);
    }

    private static int Offset<T>(string field) => (int)Marshal.OffsetOf<T>(field);
}
