using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

/// <summary>Two threads set the one timer outside the lock: the order their changes land in must not matter.</summary>
public class DeadlineRaceTests
{
    [Fact]
    public async Task A_later_deadline_whose_timer_change_lands_last_does_not_delay_an_earlier_one()
    {
        using var time = new PausableTimeProvider(new FakeTimeProvider(T0));
        using var tracker = new DeliveryTracker(null, time);

        // The later deadline is armed first, and its change of the timer is held...
        time.PauseNextChangeTo(TimeSpan.FromSeconds(20));
        var startingLater = Task.Factory.StartNew(
            () => tracker.WaitAsync("later", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(20))),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        await time.Paused.Soon();

        // ...while an earlier one is armed and set on another thread; then the later change lands last.
        var earlier = tracker.WaitAsync("earlier", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(10)));
        time.Resume();
        var later = await startingLater.Soon();

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(earlier.IsCompleted, "the earlier deadline passed, but the timer was left set for the later one");
        Assert.Equal(DeliveryOutcome.TimedOut, (await earlier.Soon()).Outcome);
        AssertPending(later);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(DeliveryOutcome.TimedOut, (await later.Soon()).Outcome);
        Assert.Equal(0, tracker.PendingCount);
    }
}
