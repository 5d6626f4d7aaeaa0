using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class DeadlineQueueTests
{
    [Fact]
    public async Task Ended_waits_do_not_pile_up_in_the_deadline_queue_until_their_timeout()
    {
        using var tracker = NewTracker(out var time);
        var largest = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var wait = tracker.WaitAsync($"ntf_{i}", Default);
            tracker.Publish(Callback(CallbackEvent.Delivered, $"ntf_{i}"));
            await wait.Soon();
            largest = Math.Max(largest, tracker.Deadlines.Count);
        }

        // Rebuilt once ended entries outnumber the live ones (plus some slack), not kept for 30 s.
        Assert.InRange(largest, 1, 2_048);
        time.Advance(SendAndWaitOptions.DefaultTimeout);
        Assert.Equal(0, tracker.Deadlines.Count);
    }

    [Fact]
    public async Task Ended_entries_do_not_pile_up_once_live_waits_have_risen_and_fallen()
    {
        using var tracker = NewTracker(out var time);

        // Rise: 20,000 waits pending at once, so the queue is rebuilt while nearly all its entries are live.
        var peak = Enumerable.Range(0, 20_000).Select(i => tracker.WaitAsync($"peak_{i}", Default)).ToArray();

        // Fall: they all end, and round trips follow at about 330 a second for a minute of the clock,
        // fewer per timeout than the peak held.
        for (var i = 0; i < peak.Length; i++)
        {
            tracker.Publish(Callback(CallbackEvent.Delivered, $"peak_{i}"));
        }

        await Task.WhenAll(peak).Soon();
        for (var i = 0; i < 20_000; i++)
        {
            var wait = tracker.WaitAsync($"ntf_{i}", Default);
            tracker.Publish(Callback(CallbackEvent.Delivered, $"ntf_{i}"));
            await wait.Soon();
            time.Advance(TimeSpan.FromMilliseconds(3));
        }

        // No wait is live: what is queued is ended entries, which must not be kept for their 30 s.
        Assert.Equal(0, tracker.PendingCount);
        Assert.InRange(tracker.Deadlines.Count, 0, 2_048);
    }

    [Fact]
    public async Task A_timer_that_runs_its_callback_inline_from_Change_cannot_deadlock_the_tracker()
    {
        // Every read of the clock moves it a second: by the time the timer is set, the deadline has
        // passed, so FakeTimeProvider runs the callback on this thread, inside Change.
        var time = new FakeTimeProvider(T0) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        using var tracker = new DeliveryTracker(null, time);

        var waits = Enumerable.Range(0, 100).Select(i => tracker.WaitAsync($"ntf_{i}", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(1)))).ToArray();
        Assert.All(waits, w => Assert.True(w.IsCompleted, "the timer did not run inline: this test proves nothing"));
        var results = await Task.WhenAll(waits).Soon();

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.TimedOut, r.Outcome));
        Assert.Equal(0, tracker.PendingCount);
    }
}
