using Smooven.Client.Tracking.Internal;

namespace Smooven.Client.Tests.Tracking;

/// <summary>
/// The system timer takes due times in whole milliseconds up to about 49.7 days: a longer timeout
/// must neither throw from WaitAsync nor, when the timer is set again from its own callback, end
/// the process; a timeout never ends early for being rounded.
/// </summary>
public class TimerLimitTests
{
    [Fact]
    public async Task A_timeout_longer_than_a_timer_takes_neither_throws_nor_stops_shorter_ones_on_the_system_clock()
    {
        using var tracker = new DeliveryTracker();

        var longWait = tracker.WaitAsync("ntf_60_days", new SendAndWaitOptions { Timeout = TimeSpan.FromDays(60) });
        var shortWait = tracker.WaitAsync("ntf_50_ms", new SendAndWaitOptions { Timeout = TimeSpan.FromMilliseconds(50) });

        // The short one times out, and the timer is then set again for the long one from its callback.
        var result = await shortWait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        var later = await tracker.WaitAsync("ntf_later", new SendAndWaitOptions { Timeout = TimeSpan.FromMilliseconds(20) }).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DeliveryOutcome.TimedOut, later.Outcome);
        Assert.False(longWait.IsCompleted);
        Assert.Equal(1, tracker.PendingCount);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]                                  // one tick rounds up to a whole millisecond
    [InlineData(TimeSpan.TicksPerMillisecond, 1)]
    [InlineData(TimeSpan.TicksPerMillisecond + 1, 2)]
    [InlineData(60 * TimeSpan.TicksPerDay, 4_294_967_294)] // capped at the longest due time a timer takes
    public void A_timer_is_set_in_whole_milliseconds_rounded_up_and_capped(long ticks, long expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), DeadlineQueue.ToTimerDue(ticks, TimeSpan.TicksPerSecond));
}
