using System.Diagnostics;
using Smooven.Client.Tracking;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

/// <summary>
/// On the system clock the tracker reads a coarse tick count and dates deadlines when it drains
/// them (see DeadlineSchedule). These run that mode on fake time, where a tick is a millisecond of
/// the fake clock, so the exact deadline it gives can be pinned down; and once on the real clock.
/// </summary>
public class CoarseClockTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_lone_wait_is_dated_by_the_drain_within_DrainWithin_and_times_out_no_earlier_than_asked()
    {
        using var tracker = NewCoarseTracker(out var time);
        var wait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Delivered, Timeout));

        // Dated when the timer drains the inbox, DrainWithin after it became non-empty (advanced to
        // first: the fake clock runs timers at the time it is advanced to); then the timeout plus the
        // margin for a tick count one step behind.
        time.Advance(DeadlineSchedule.DrainWithin);
        AssertPending(wait);
        time.Advance(Timeout + TrackerClock.CoarseMargin - TimeSpan.FromMilliseconds(1));
        AssertPending(wait);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(DeliveryOutcome.TimedOut, (await wait.Soon()).Outcome);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task A_full_inbox_is_dated_at_once_by_the_wait_that_fills_it()
    {
        using var tracker = NewCoarseTracker(out var time);
        var waits = new Task<DeliveryResult>[DeadlineSchedule.DrainEvery];
        for (var i = 0; i < waits.Length; i++)
        {
            waits[i] = tracker.WaitAsync($"ntf_{i}", Until(CallbackEvent.Delivered, Timeout));
        }

        var expected = Timeout + TrackerClock.CoarseMargin;
        time.Advance(expected - TimeSpan.FromMilliseconds(1));
        Assert.Equal(waits.Length, tracker.PendingCount);
        time.Advance(TimeSpan.FromMilliseconds(1));

        foreach (var wait in waits)
        {
            Assert.Equal(DeliveryOutcome.TimedOut, (await wait.Soon()).Outcome);
        }
    }

    [Fact]
    public async Task Waits_that_end_before_the_drain_leave_nothing_in_the_schedule()
    {
        using var tracker = NewCoarseTracker(out var time);
        for (var i = 0; i < 10; i++)
        {
            var id = $"ntf_{i}";
            var wait = tracker.WaitAsync(id, Until(CallbackEvent.Delivered, Timeout));
            tracker.Publish(Callback(CallbackEvent.Delivered, id));
            await wait.Soon();
        }

        Assert.Equal(10, tracker.Deadlines.RetainedCount());
        time.Advance(DeadlineSchedule.DrainWithin);

        Assert.Equal(0, tracker.Deadlines.RetainedCount());
    }

    [Fact]
    public async Task A_wait_that_outlives_the_drain_still_ends_on_its_callback_and_lets_go_of_its_deadline()
    {
        using var tracker = NewCoarseTracker(out var time);
        var wait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Delivered, Timeout));
        time.Advance(DeadlineSchedule.DrainWithin);
        Assert.Equal(1, tracker.Deadlines.RetainedCount());

        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1"));

        Assert.Equal(DeliveryOutcome.Delivered, (await wait.Soon()).Outcome);
        time.Advance(Timeout + TrackerClock.CoarseMargin);
        Assert.Equal(0, tracker.Deadlines.RetainedCount());
    }

    [Fact]
    public async Task On_the_system_clock_a_timeout_never_ends_a_wait_early()
    {
        using var tracker = new DeliveryTracker();
        var timeout = TimeSpan.FromMilliseconds(100);
        var started = Stopwatch.StartNew();

        var result = await tracker.WaitAsync("ntf_1", Until(CallbackEvent.Delivered, timeout)).Soon();

        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        Assert.True(started.Elapsed >= timeout, $"timed out after {started.Elapsed.TotalMilliseconds} ms, before the {timeout.TotalMilliseconds} ms asked for");
        Assert.Equal(0, tracker.PendingCount);
    }
}
