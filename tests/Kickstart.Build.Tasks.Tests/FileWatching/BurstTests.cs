using System;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

/// <summary>The batching decisions alone, on a clock the test moves: when a batch is due, and when a build is superseded.</summary>
public sealed class BurstTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(20);
    private readonly ManualClock _clock = new();

    private Burst NewBurst(TimeSpan? quiet = null) => new(quiet ?? Quiet, _clock);

    [Fact]
    public void AChangeThatEndsASave_IsDueAtOnce()
    {
        Burst burst = NewBurst();

        burst.Add(endsSave: true);

        Assert.True(burst.DueIn() <= TimeSpan.Zero);
    }

    [Fact]
    public void AChangeThatDoesNotEndASave_IsDueAfterTheQuietWindowFromTheLastChange()
    {
        Burst burst = NewBurst();

        burst.Add(endsSave: false);
        Assert.Equal(Quiet, burst.DueIn());
        _clock.Advance(TimeSpan.FromMilliseconds(15));
        burst.Add(endsSave: false);

        Assert.Equal(Quiet, burst.DueIn());
        _clock.Advance(TimeSpan.FromMilliseconds(19));
        Assert.Equal(TimeSpan.FromMilliseconds(1), burst.DueIn());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(burst.DueIn() <= TimeSpan.Zero);
    }

    [Fact]
    public void AWriteAfterTheClose_WaitsTheQuietWindowAgain()
    {
        // The last change decides: a save that ended, then a write that may not be done yet.
        Burst burst = NewBurst();

        burst.Add(endsSave: true);
        burst.Add(endsSave: false);

        Assert.Equal(Quiet, burst.DueIn());
    }

    [Fact]
    public void TheBurstGoingOnWhileItsBatchBuilds_SupersedesTheBuild_AndThenWaitsTheQuietWindow()
    {
        Burst burst = NewBurst();
        burst.Add(endsSave: true);
        burst.BatchTaken();

        _clock.Advance(TimeSpan.FromMilliseconds(19));
        Assert.True(burst.Add(endsSave: true));

        // The build was handed back; the burst has shown it is several saves: it is built once it is over.
        burst.BuildOver();
        Assert.Equal(Quiet, burst.DueIn());
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.False(burst.Add(endsSave: true), "nothing builds: nothing to supersede");
        Assert.Equal(Quiet, burst.DueIn());
        _clock.Advance(Quiet);
        Assert.True(burst.DueIn() <= TimeSpan.Zero);
    }

    [Fact]
    public void OnlyTheFirstChangeOfTheBurstAfterTheBatch_Supersedes()
    {
        Burst burst = NewBurst();
        burst.Add(endsSave: true);
        burst.BatchTaken();

        Assert.True(burst.Add(endsSave: false));
        Assert.False(burst.Add(endsSave: true));
    }

    [Fact]
    public void AChangeLaterThanTheQuietWindow_IsANewBurst_ThatDoesNotSupersedeAndIsDueAtOnceAfterASave()
    {
        Burst burst = NewBurst();
        burst.Add(endsSave: true);
        burst.BatchTaken();

        _clock.Advance(Quiet);
        Assert.False(burst.Add(endsSave: true));

        // Built once the build under way is done: one more build, at once.
        burst.BuildOver();
        Assert.True(burst.DueIn() <= TimeSpan.Zero);
    }

    [Fact]
    public void TheSecondChangeOfANewBurst_DoesNotSupersedeTheBuildOfTheBurstBefore()
    {
        Burst burst = NewBurst();
        burst.Add(endsSave: true);
        burst.BatchTaken();
        _clock.Advance(Quiet);

        Assert.False(burst.Add(endsSave: true));
        Assert.False(burst.Add(endsSave: true));
    }

    [Fact]
    public void ANewBurstAfterASupersededOne_IsDueAtOnceAgain()
    {
        Burst burst = NewBurst();
        burst.Add(endsSave: true);
        burst.BatchTaken();
        Assert.True(burst.Add(endsSave: true));
        burst.BuildOver();
        _clock.Advance(Quiet);
        burst.BatchTaken();
        burst.BuildOver();

        _clock.Advance(TimeSpan.FromSeconds(5));
        burst.Add(endsSave: true);

        Assert.True(burst.DueIn() <= TimeSpan.Zero);
    }

    [Fact]
    public void AChangeOfTheBurstAfterItsBuildIsOver_SupersedesNothing()
    {
        Burst burst = NewBurst();
        burst.Add(endsSave: true);
        burst.BatchTaken();
        burst.BuildOver();

        Assert.False(burst.Add(endsSave: true));
    }

    [Fact]
    public void WithoutAQuietWindow_NoChangeContinuesABurst()
    {
        Burst burst = NewBurst(TimeSpan.Zero);
        burst.Add(endsSave: false);
        burst.BatchTaken();

        Assert.False(burst.Add(endsSave: false));
        Assert.True(burst.DueIn() <= TimeSpan.Zero);
    }
}
