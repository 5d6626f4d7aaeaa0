using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class GetStatusTests
{
    [Fact]
    public void Nothing_known_is_null_even_while_a_wait_is_pending()
    {
        using var tracker = NewTracker(out _);
        _ = tracker.WaitAsync("waited", Default);

        Assert.Null(tracker.GetStatus("never_seen"));
        Assert.Null(tracker.GetStatus("waited"));
    }

    [Fact]
    public void Callbacks_come_in_arrival_order_once_each_and_LastUpdated_is_when_the_last_distinct_one_came()
    {
        using var tracker = NewTracker(out var time);
        var delivered = Callback(CallbackEvent.Delivered, "ntf_1", 5);
        var sent = Callback(CallbackEvent.Sent, "ntf_1", 2);
        var viaEmail = Callback(CallbackEvent.Sent, "ntf_1", 2, Channel.Email);

        tracker.Publish(delivered);
        time.Advance(TimeSpan.FromSeconds(3));
        tracker.Publish(sent);
        tracker.Publish(viaEmail);
        var updated = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(4));
        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1", 2));
        var status = tracker.GetStatus("ntf_1")!;

        Assert.Equal("ntf_1", status.NotificationId);
        Assert.Equal([delivered, sent, viaEmail], status.Callbacks);
        Assert.Equal(CallbackEvent.Sent, status.LatestEvent);
        Assert.Equal(DeliveryOutcome.Delivered, status.Outcome);
        Assert.Equal(updated, status.LastUpdated);
    }

    [Fact]
    public async Task No_result_can_change_the_callbacks_that_other_results_and_statuses_show()
    {
        using var tracker = NewTracker(out var time);
        var delivered = tracker.WaitAsync("ntf_1", Default);
        var timedOut = tracker.WaitAsync("ntf_2", new SendAndWaitOptions { Timeout = TimeSpan.FromSeconds(1) });
        var first = Callback(CallbackEvent.Delivered, "ntf_1");
        var sent = Callback(CallbackEvent.Sent, "ntf_2");
        tracker.Publish(first);
        tracker.Publish(sent);
        time.Advance(TimeSpan.FromSeconds(1));

        foreach (var result in new[] { await delivered, await timedOut })
        {
            var callbacks = (IList<DeliveryCallback>)result.Callbacks;
            Assert.Throws<NotSupportedException>(() => callbacks[0] = Callback(CallbackEvent.Failed, result.NotificationId));
        }

        Assert.Equal([first], tracker.GetStatus("ntf_1")!.Callbacks);
        Assert.Equal([sent], tracker.GetStatus("ntf_2")!.Callbacks);
    }

    [Theory]
    [InlineData(null, "queued", "sent")]
    [InlineData(null, "queued", "fallback")]
    [InlineData(null, "notification.unknown_future_event")]
    [InlineData(DeliveryOutcome.Failed, "sent", "failed")]
    [InlineData(DeliveryOutcome.Failed, "fallback", "failed")]
    [InlineData(DeliveryOutcome.Delivered, "fallback", "delivered")]
    [InlineData(DeliveryOutcome.Delivered, "failed", "delivered")]
    [InlineData(DeliveryOutcome.Delivered, "delivered", "failed")]
    [InlineData(DeliveryOutcome.Opened, "opened", "delivered")]
    [InlineData(DeliveryOutcome.Clicked, "clicked", "opened", "delivered")]
    [InlineData(DeliveryOutcome.Clicked, "delivered", "clicked", "failed")]
    public void The_outcome_is_the_furthest_reached_whatever_the_order(DeliveryOutcome? expected, params string[] events)
    {
        using var tracker = NewTracker(out _);
        for (var i = 0; i < events.Length; i++)
        {
            var name = events[i].Contains('.', StringComparison.Ordinal) ? events[i] : "notification." + events[i];
            tracker.Publish(Callback(new CallbackEvent(name), "ntf_1", i));
        }

        Assert.Equal(expected, tracker.GetStatus("ntf_1")!.Outcome);
    }

    [Fact]
    public void A_status_is_a_snapshot_that_later_callbacks_do_not_change()
    {
        using var tracker = NewTracker(out _);
        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1"));
        var before = tracker.GetStatus("ntf_1")!;

        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));

        Assert.Single(before.Callbacks);
        Assert.Null(before.Outcome);
        Assert.Equal(2, tracker.GetStatus("ntf_1")!.Callbacks.Count);
    }

    [Fact]
    public void The_status_is_gone_once_the_history_lifetime_has_passed_since_the_latest_callback()
    {
        using var tracker = NewTracker(out var time, new DeliveryTrackerOptions { HistoryLifetime = TimeSpan.FromMinutes(10) });
        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1"));
        time.Advance(TimeSpan.FromMinutes(6));
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.Equal(DeliveryOutcome.Delivered, tracker.GetStatus("ntf_1")!.Outcome);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(tracker.GetStatus("ntf_1"));
    }

    [Fact]
    public void A_status_after_a_wait_ended_still_has_every_callback()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Default);
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1"));

        Assert.True(wait.IsCompleted);
        Assert.Equal(DeliveryOutcome.Delivered, tracker.GetStatus("ntf_1")!.Outcome);
    }

    [Fact]
    public void Bad_ids_and_a_disposed_tracker_are_refused()
    {
        var tracker = NewTracker(out _);
        Assert.Throws<ArgumentException>(() => tracker.GetStatus(""));
        Assert.Throws<ArgumentNullException>(() => tracker.GetStatus(null!));

        tracker.Dispose();

        Assert.Throws<ObjectDisposedException>(() => tracker.GetStatus("ntf_1"));
    }
}
