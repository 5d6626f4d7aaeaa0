using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class DeadlineQueueTests
{
    [Fact]
    public void Ended_waits_are_released_long_before_their_timeout()
    {
        using var tracker = NewTracker(out var time);
        var ended = new List<WeakReference<Task<DeliveryResult>>>();
        for (var i = 0; i < 20_000; i++)
        {
            ended.Add(EndedRoundTrip(tracker, $"ntf_{i}"));
            if (i % 1_000 == 999)
            {
                // Rebuilt once ended entries outnumber the live ones (plus some slack), not kept for 30 s.
                Assert.InRange(StillHeld(ended), 0, 2_048);
            }
        }

        time.Advance(SendAndWaitOptions.DefaultTimeout);
        Assert.Equal(0, StillHeld(ended));
    }

    [Fact]
    public async Task Ended_waits_are_released_once_live_waits_have_risen_and_fallen()
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
        var ended = new List<WeakReference<Task<DeliveryResult>>>();
        for (var i = 0; i < 20_000; i++)
        {
            ended.Add(EndedRoundTrip(tracker, $"ntf_{i}"));
            time.Advance(TimeSpan.FromMilliseconds(3));
        }

        // No wait is live: what the tracker still holds is ended waits, which must not be kept for their 30 s.
        Assert.Equal(0, tracker.PendingCount);
        Assert.InRange(StillHeld(ended), 0, 2_048);
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

    // In a method of its own, so that no local of the test keeps the wait's task alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<Task<DeliveryResult>> EndedRoundTrip(DeliveryTracker tracker, string notificationId)
    {
        var wait = tracker.WaitAsync(notificationId, Default);
        tracker.Publish(Callback(CallbackEvent.Delivered, notificationId));
        Assert.True(wait.IsCompletedSuccessfully, "the publish did not end the wait: this test proves nothing");
        return new WeakReference<Task<DeliveryResult>>(wait);
    }

    // How many of the ended waits the tracker still holds on to: a task outlives a collection only while its wait does.
    private static int StillHeld(List<WeakReference<Task<DeliveryResult>>> ended)
    {
        GC.Collect();
        return ended.Count(weak => weak.TryGetTarget(out _));
    }
}
