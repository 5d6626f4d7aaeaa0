using Smooven.Client.Tracking;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

/// <summary>
/// A wait that ends only lets go of its deadline (see DeadlineSchedule): these pin down that such
/// released deadlines never pile up, and that the waits left pending still end exactly on time.
/// </summary>
public class DeadlineScheduleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Deadlines_of_waits_that_ended_do_not_pile_up()
    {
        using var tracker = NewTracker(out _);
        const int Waits = DeadlineSchedule.DrainEvery * 5;

        for (var i = 0; i < Waits; i++)
        {
            var id = $"ntf_{i}";
            var wait = tracker.WaitAsync(id, Until(CallbackEvent.Delivered, Timeout));
            tracker.Publish(Callback(CallbackEvent.Delivered, id));
            Assert.Equal(DeliveryOutcome.Delivered, (await wait.Soon()).Outcome);
        }

        Assert.InRange(tracker.Deadlines.RetainedCount(), 0, DeadlineSchedule.DrainEvery);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Deadlines_of_waits_that_ended_after_a_sweep_scheduled_them_do_not_pile_up_either()
    {
        using var tracker = NewTracker(out _);
        const int Waits = DeadlineSchedule.DrainEvery * 3;

        // All pending at once: the sweeps asked for on the way move their deadlines into the heap.
        var waits = new Task<DeliveryResult>[Waits];
        for (var i = 0; i < Waits; i++)
        {
            waits[i] = tracker.WaitAsync($"ntf_{i}", Until(CallbackEvent.Delivered, Timeout));
        }

        for (var i = 0; i < Waits; i++)
        {
            tracker.Publish(Callback(CallbackEvent.Delivered, $"ntf_{i}"));
            await waits[i].Soon();
        }

        // The next sweep finds the heap all released and empties it, long before any deadline.
        for (var i = 0; i < DeadlineSchedule.DrainEvery; i++)
        {
            var id = $"more_{i}";
            var wait = tracker.WaitAsync(id, Until(CallbackEvent.Delivered, Timeout));
            tracker.Publish(Callback(CallbackEvent.Delivered, id));
            await wait.Soon();
        }

        Assert.InRange(tracker.Deadlines.RetainedCount(), 0, DeadlineSchedule.DrainEvery);
    }

    [Fact]
    public async Task Waits_left_pending_through_drains_and_compactions_time_out_exactly_at_their_deadline()
    {
        using var tracker = NewTracker(out var time);
        const int Waits = DeadlineSchedule.DrainEvery * 4;
        var waits = new Task<DeliveryResult>[Waits];

        // Two in three end at once, so the sweeps triggered meanwhile drop released deadlines.
        for (var i = 0; i < Waits; i++)
        {
            var id = $"ntf_{i}";
            waits[i] = tracker.WaitAsync(id, Until(CallbackEvent.Delivered, Timeout));
            if (i % 3 != 0)
            {
                tracker.Publish(Callback(CallbackEvent.Delivered, id));
            }
        }

        var stillPending = (Waits + 2) / 3;
        Assert.Equal(stillPending, tracker.PendingCount);
        time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(stillPending, tracker.PendingCount);
        time.Advance(TimeSpan.FromMilliseconds(1));

        for (var i = 0; i < Waits; i++)
        {
            var expected = i % 3 == 0 ? DeliveryOutcome.TimedOut : DeliveryOutcome.Delivered;
            Assert.Equal(expected, (await waits[i].Soon()).Outcome);
        }

        Assert.Equal(0, tracker.PendingCount);
        Assert.Equal(0, tracker.Deadlines.RetainedCount());
    }

    [Fact]
    public async Task A_wait_started_after_many_ended_ones_still_times_out_exactly()
    {
        using var tracker = NewTracker(out var time);
        for (var i = 0; i < DeadlineSchedule.DrainEvery * 2; i++)
        {
            var id = $"ended_{i}";
            var ended = tracker.WaitAsync(id, Until(CallbackEvent.Delivered, Timeout));
            tracker.Publish(Callback(CallbackEvent.Failed, id));
            await ended.Soon();
        }

        time.Advance(TimeSpan.FromSeconds(7));
        var wait = tracker.WaitAsync("ntf_last", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(5)));
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        AssertPending(wait);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(DeliveryOutcome.TimedOut, (await wait.Soon()).Outcome);
    }
}
