using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class EarlyCallbackTests
{
    [Fact]
    public async Task A_callback_that_beats_the_wait_is_replayed_when_the_wait_registers()
    {
        using var tracker = NewTracker(out _);
        var delivered = Callback(CallbackEvent.Delivered, "ntf_1");

        tracker.Publish(delivered);
        var result = await tracker.WaitAsync("ntf_1", Default).Soon();

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Same(delivered, result.FinalCallback);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task Early_callbacks_that_end_nothing_are_kept_and_the_wait_goes_on()
    {
        using var tracker = NewTracker(out _);
        var queued = Callback(CallbackEvent.Queued, "ntf_1", 0);
        var delivered = Callback(CallbackEvent.Delivered, "ntf_1", 2);

        tracker.Publish(queued);
        tracker.Publish(queued);
        var wait = tracker.WaitAsync("ntf_1", Default);
        AssertPending(wait);
        tracker.Publish(delivered);
        var result = await wait.Soon();

        Assert.Equal([queued, delivered], result.Callbacks);
    }

    [Fact]
    public async Task Early_callbacks_out_of_order_end_the_wait_on_the_first_that_settles_it()
    {
        using var tracker = NewTracker(out _);
        var opened = Callback(CallbackEvent.Opened, "ntf_1", 5);
        var delivered = Callback(CallbackEvent.Delivered, "ntf_1", 4);
        tracker.Publish(opened);
        tracker.Publish(delivered);

        var result = await tracker.WaitAsync("ntf_1", Default).Soon();

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Same(opened, result.FinalCallback);
        Assert.Equal([opened, delivered], result.Callbacks);
    }

    [Fact]
    public async Task Early_callbacks_are_kept_for_the_lifetime_and_no_longer()
    {
        var metrics = MetricsTestKit.IsolatedMetrics();
        using var evicted = new MetricCollector<long>(metrics.EarlyCallbacksEvicted);
        var time = new FakeTimeProvider(T0);
        using var tracker = new DeliveryTracker(null, time, null, metrics);
        tracker.Publish(Callback(CallbackEvent.Delivered, "kept"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "dropped"));

        time.Advance(DeliveryTrackerOptions.DefaultEarlyCallbackLifetime - TimeSpan.FromMilliseconds(1));
        var kept = await tracker.WaitAsync("kept", Default).Soon();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var dropped = tracker.WaitAsync("dropped", Default);

        Assert.Equal(DeliveryOutcome.Delivered, kept.Outcome);
        AssertPending(dropped);
        var eviction = Assert.Single(evicted.GetMeasurementSnapshot());
        Assert.Equal(1, eviction.Value);
        Assert.Equal("expired", eviction.Tags["reason"]);
    }

    [Fact]
    public async Task The_oldest_notification_leaves_first_when_the_buffer_is_full_and_that_is_counted_and_logged()
    {
        var metrics = MetricsTestKit.IsolatedMetrics();
        using var evicted = new MetricCollector<long>(metrics.EarlyCallbacksEvicted);
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        var time = new FakeTimeProvider(T0);
        using var tracker = new DeliveryTracker(new DeliveryTrackerOptions { EarlyCallbackCapacity = 2 }, time, loggerFactory, metrics);

        tracker.Publish(Callback(CallbackEvent.Delivered, "first"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "second"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "second"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "third"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "fourth"));

        AssertPending(tracker.WaitAsync("first", Default));
        AssertPending(tracker.WaitAsync("second", Default));
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("third", Default).Soon()).Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("fourth", Default).Soon()).Outcome);
        Assert.All(evicted.GetMeasurementSnapshot(), m => Assert.Equal("capacity", m.Tags["reason"]));
        Assert.Equal(2, evicted.GetMeasurementSnapshot().Sum(m => m.Value));
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("first", warning.Message, StringComparison.Ordinal);
        Assert.Contains("EarlyCallbackCapacity", warning.Message, StringComparison.Ordinal);
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Debug && r.Message.Contains("second", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notifications_a_wait_has_claimed_no_longer_count_against_the_capacity()
    {
        using var tracker = NewTracker(out _, new DeliveryTrackerOptions { EarlyCallbackCapacity = 2 });
        tracker.Publish(Callback(CallbackEvent.Queued, "claimed"));
        var claimed = tracker.WaitAsync("claimed", Default);

        tracker.Publish(Callback(CallbackEvent.Delivered, "a"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "b"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "claimed", 1));

        Assert.Equal(DeliveryOutcome.Delivered, (await claimed.Soon()).Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("a", Default).Soon()).Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("b", Default).Soon()).Outcome);
    }

    [Fact]
    public void The_defaults_are_ten_thousand_notifications_for_five_minutes()
    {
        var options = new DeliveryTrackerOptions();

        Assert.Equal(10_000, options.EarlyCallbackCapacity);
        Assert.Equal(TimeSpan.FromMinutes(5), options.EarlyCallbackLifetime);
    }

    [Fact]
    public void Limits_that_would_lose_every_early_callback_are_refused()
    {
        Assert.Equal("EarlyCallbackCapacity", Assert.Throws<ArgumentOutOfRangeException>(
            () => new DeliveryTracker(new DeliveryTrackerOptions { EarlyCallbackCapacity = 0 })).ParamName);
        Assert.Equal("EarlyCallbackLifetime", Assert.Throws<ArgumentOutOfRangeException>(
            () => new DeliveryTracker(new DeliveryTrackerOptions { EarlyCallbackLifetime = TimeSpan.Zero })).ParamName);
    }

    [Fact]
    public async Task The_tracker_keeps_working_after_a_burst_has_drained()
    {
        using var tracker = NewTracker(out var time);
        var burst = Enumerable.Range(0, 3_000).Select(i => tracker.WaitAsync($"burst_{i}", Default)).ToArray();
        for (var i = 0; i < 1_500; i++)
        {
            tracker.Publish(Callback(CallbackEvent.Queued, $"early_{i}"));
        }

        time.Advance(DeliveryTrackerOptions.DefaultEarlyCallbackLifetime);
        await Task.WhenAll(burst).Soon();
        tracker.Publish(Callback(CallbackEvent.Delivered, "after_early"));
        var afterWait = tracker.WaitAsync("after_wait", Default);
        tracker.Publish(Callback(CallbackEvent.Delivered, "after_wait"));

        Assert.All(burst, t => Assert.Equal(DeliveryOutcome.TimedOut, t.Result.Outcome));
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("after_early", Default).Soon()).Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, (await afterWait.Soon()).Outcome);
        Assert.Equal(0, tracker.PendingCount);
    }
}
