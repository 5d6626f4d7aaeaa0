using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class DuplicateAndDisorderTests
{
    [Fact]
    public async Task A_retried_callback_appears_once()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Default);

        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1", 1));
        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1", 1));
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 2));
        var result = await wait.Soon();

        Assert.Equal([CallbackEvent.Sent, CallbackEvent.Delivered], result.Callbacks.Select(c => c.Event));
    }

    [Fact]
    public async Task The_same_event_on_another_channel_or_at_another_time_is_a_distinct_callback()
    {
        using var tracker = NewTracker(out var time);
        var wait = tracker.WaitAsync("ntf_1", Default);

        tracker.Publish(Callback(CallbackEvent.Fallback, "ntf_1", 1, Channel.Sms));
        tracker.Publish(Callback(CallbackEvent.Fallback, "ntf_1", 1, Channel.Email));
        tracker.Publish(Callback(CallbackEvent.Fallback, "ntf_1", 2, Channel.Sms));
        tracker.Publish(Callback(CallbackEvent.Fallback, "ntf_1", 2, new Channel("SMS")));
        time.Advance(SendAndWaitOptions.DefaultTimeout);
        var result = await wait.Soon();

        Assert.Equal(3, result.Callbacks.Count);
    }

    [Fact]
    public async Task The_terminal_event_ends_the_wait_whatever_order_the_others_come_in()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Default);
        var delivered = Callback(CallbackEvent.Delivered, "ntf_1", 3);

        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1", 2));
        tracker.Publish(delivered);
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Same(delivered, result.FinalCallback);
    }

    [Fact]
    public async Task Callbacks_after_the_wait_ended_are_harmless()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Default);
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 3));
        var result = await wait.Soon();

        tracker.Publish(Callback(CallbackEvent.Queued, "ntf_1", 1));
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 3));
        tracker.Publish(Callback(CallbackEvent.Failed, "ntf_1", 4));

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Single(result.Callbacks);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Two_waits_on_one_id_both_complete_each_on_its_own_terms()
    {
        using var tracker = NewTracker(out _);
        var forDelivery = tracker.WaitAsync("ntf_1", Default);
        var forOpening = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Opened));
        Assert.Equal(2, tracker.PendingCount);

        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));
        var delivered = await forDelivery.Soon();
        AssertPending(forOpening);
        tracker.Publish(Callback(CallbackEvent.Opened, "ntf_1", 2));
        var opened = await forOpening.Soon();

        Assert.Equal(DeliveryOutcome.Delivered, delivered.Outcome);
        Assert.Single(delivered.Callbacks);
        Assert.Equal(DeliveryOutcome.Opened, opened.Outcome);
        Assert.Equal(2, opened.Callbacks.Count);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Two_identical_waits_on_one_id_both_complete()
    {
        using var tracker = NewTracker(out _);
        var first = tracker.WaitAsync("ntf_1", Default);
        var second = tracker.WaitAsync("ntf_1", Default);

        tracker.Publish(Callback(CallbackEvent.Failed, "ntf_1"));

        Assert.Equal(DeliveryOutcome.Failed, (await first.Soon()).Outcome);
        Assert.Equal(DeliveryOutcome.Failed, (await second.Soon()).Outcome);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task A_wait_joining_another_sees_what_that_one_has_seen()
    {
        using var tracker = NewTracker(out _);
        var forOpening = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Opened));
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));

        var forDelivery = tracker.WaitAsync("ntf_1", Default);

        Assert.True(forDelivery.IsCompletedSuccessfully);
        Assert.Equal(DeliveryOutcome.Delivered, (await forDelivery).Outcome);
        AssertPending(forOpening);
        Assert.Equal(1, tracker.PendingCount);
    }

    [Fact]
    public async Task One_wait_timing_out_leaves_another_on_the_same_id_waiting()
    {
        using var tracker = NewTracker(out var time);
        var shortWait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(5)));
        var longWait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(60)));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(DeliveryOutcome.TimedOut, (await shortWait.Soon()).Outcome);
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1"));

        Assert.Equal(DeliveryOutcome.Delivered, (await longWait.Soon()).Outcome);
        Assert.Equal(0, tracker.PendingCount);
    }
}
