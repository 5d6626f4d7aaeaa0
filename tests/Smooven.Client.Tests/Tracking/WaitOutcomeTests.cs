using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class WaitOutcomeTests
{
    [Fact]
    public async Task Delivered_ends_a_default_wait_with_every_callback_in_arrival_order()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Default);
        var queued = Callback(CallbackEvent.Queued, "ntf_1", 0);
        var sent = Callback(CallbackEvent.Sent, "ntf_1", 1);
        var delivered = Callback(CallbackEvent.Delivered, "ntf_1", 2);

        tracker.Publish(queued);
        tracker.Publish(sent);
        AssertPending(wait);
        tracker.Publish(delivered);
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.True(result.IsDelivered);
        Assert.Equal("ntf_1", result.NotificationId);
        Assert.Same(delivered, result.FinalCallback);
        Assert.Equal([queued, sent, delivered], result.Callbacks);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Theory]
    [InlineData("notification.delivered")]
    [InlineData("notification.opened")]
    [InlineData("notification.clicked")]
    public async Task Failed_ends_every_wait(string until)
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Until(until));
        var failed = Callback(CallbackEvent.Failed, "ntf_1");

        tracker.Publish(failed);
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
        Assert.False(result.IsDelivered);
        Assert.Same(failed, result.FinalCallback);
    }

    [Fact]
    public async Task Queued_sent_fallback_and_unknown_events_never_end_a_wait()
    {
        using var tracker = NewTracker(out var time);
        var wait = tracker.WaitAsync("ntf_1", Default);

        tracker.Publish(Callback(CallbackEvent.Queued, "ntf_1", 0));
        tracker.Publish(Callback(CallbackEvent.Sent, "ntf_1", 1));
        tracker.Publish(Callback(CallbackEvent.Fallback, "ntf_1", 2));
        tracker.Publish(Callback("notification.bounced", "ntf_1", 3));
        AssertPending(wait);
        time.Advance(SendAndWaitOptions.DefaultTimeout);
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.TimedOut, result.Outcome);
        Assert.Equal(4, result.Callbacks.Count);
    }

    [Fact]
    public async Task Until_opened_waits_past_delivered_and_ends_on_opened()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Opened));
        var opened = Callback(CallbackEvent.Opened, "ntf_1", 2);

        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));
        AssertPending(wait);
        tracker.Publish(opened);
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.Opened, result.Outcome);
        Assert.True(result.IsDelivered);
        Assert.Same(opened, result.FinalCallback);
        Assert.Equal(2, result.Callbacks.Count);
    }

    [Fact]
    public async Task Until_opened_ends_on_clicked_because_a_click_implies_the_notification_was_opened()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Opened));
        var clicked = Callback(CallbackEvent.Clicked, "ntf_1", 3);

        tracker.Publish(clicked);
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.Opened, result.Outcome);
        Assert.Same(clicked, result.FinalCallback);
    }

    [Fact]
    public async Task Until_clicked_goes_on_past_delivered_and_opened()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Clicked));

        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));
        tracker.Publish(Callback(CallbackEvent.Opened, "ntf_1", 2));
        AssertPending(wait);
        tracker.Publish(Callback(CallbackEvent.Clicked, "ntf_1", 3));
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.Clicked, result.Outcome);
        Assert.Equal(CallbackEvent.Clicked, result.FinalCallback!.Event);
        Assert.Equal(3, result.Callbacks.Count);
    }

    [Theory]
    [InlineData("notification.opened")]
    [InlineData("notification.clicked")]
    public async Task Opened_or_clicked_overtaking_delivered_ends_a_delivery_wait_as_delivered(string overtaking)
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Default);
        var early = Callback(overtaking, "ntf_1", 5);

        tracker.Publish(early);
        var result = await wait.Soon();
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 4));

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Same(early, result.FinalCallback);
        Assert.Equal([early], result.Callbacks);
    }

    [Fact]
    public async Task Failed_ends_a_wait_for_opened_even_after_delivered()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Opened));

        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1", 1));
        tracker.Publish(Callback(CallbackEvent.Failed, "ntf_1", 2));
        var result = await wait.Soon();

        Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
    }

    [Fact]
    public async Task Event_names_are_compared_ignoring_case()
    {
        using var tracker = NewTracker(out _);
        var wait = tracker.WaitAsync("ntf_1", Default);

        tracker.Publish(Callback(new CallbackEvent("NOTIFICATION.DELIVERED"), "ntf_1"));

        Assert.Equal(DeliveryOutcome.Delivered, (await wait.Soon()).Outcome);
    }

    [Theory]
    [InlineData("notification.sent")]
    [InlineData("notification.fallback")]
    [InlineData("notification.bounced")]
    public async Task A_wait_for_an_event_that_cannot_end_it_is_refused(string until)
    {
        using var tracker = NewTracker(out _);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tracker.WaitAsync("ntf_1", Until(until)));

        Assert.Equal("Until", error.ParamName);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_the_parameter_named()
    {
        using var tracker = NewTracker(out _);

        Assert.Equal("notificationId", (await Assert.ThrowsAsync<ArgumentException>(() => tracker.WaitAsync("", Default))).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAsync<ArgumentNullException>(() => tracker.WaitAsync("ntf_1", null!))).ParamName);
        Assert.Equal("Timeout", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => tracker.WaitAsync("ntf_1", new SendAndWaitOptions { Timeout = TimeSpan.Zero }))).ParamName);
        Assert.Throws<ArgumentNullException>(() => tracker.Publish(null!));
    }
}
