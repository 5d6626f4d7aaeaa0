using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class HistoryTests
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
    public async Task Callbacks_are_kept_for_the_lifetime_and_no_longer()
    {
        var metrics = MetricsTestKit.IsolatedMetrics();
        using var evicted = new MetricCollector<long>(metrics.HistoryEvicted);
        using var tracker = NewSingleStripeTracker(out var time, metrics: metrics);
        tracker.Publish(Callback(CallbackEvent.Delivered, "kept"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "dropped"));

        time.Advance(DeliveryTrackerOptions.DefaultHistoryLifetime - TimeSpan.FromMilliseconds(1));
        var kept = await tracker.WaitAsync("kept", Default).Soon();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var dropped = tracker.WaitAsync("dropped", Default);

        Assert.Equal(DeliveryOutcome.Delivered, kept.Outcome);
        AssertPending(dropped);
        Assert.Equal(2, evicted.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.All(evicted.GetMeasurementSnapshot(), m => Assert.Equal("expired", m.Tags["reason"]));
    }

    [Fact]
    public void The_lifetime_counts_from_the_latest_callback_and_a_full_history_drops_the_least_recently_updated()
    {
        using var tracker = NewSingleStripeTracker(out var time, new DeliveryTrackerOptions { HistoryCapacity = 2 });
        tracker.Publish(Callback(CallbackEvent.Delivered, "clicked_late"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "quiet"));
        time.Advance(TimeSpan.FromMinutes(59));
        tracker.Publish(Callback(CallbackEvent.Clicked, "clicked_late", second: 3540));

        // "quiet" was updated less recently, so a third notification drops it, not "clicked_late".
        tracker.Publish(Callback(CallbackEvent.Delivered, "third"));
        Assert.Null(tracker.GetStatus("quiet"));
        time.Advance(TimeSpan.FromMinutes(59));

        var status = tracker.GetStatus("clicked_late");
        Assert.NotNull(status);
        Assert.Equal(DeliveryOutcome.Clicked, status.Outcome);
        Assert.Equal(2, status.Callbacks.Count);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(tracker.GetStatus("clicked_late"));
    }

    [Fact]
    public async Task The_oldest_notification_leaves_first_when_the_history_is_full_and_that_is_counted_and_logged_at_debug_level()
    {
        var metrics = MetricsTestKit.IsolatedMetrics();
        using var evicted = new MetricCollector<long>(metrics.HistoryEvicted);
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
        using var tracker = NewSingleStripeTracker(out _, new DeliveryTrackerOptions { HistoryCapacity = 2 }, metrics, loggerFactory);

        tracker.Publish(Callback(CallbackEvent.Delivered, "first"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "second"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "second"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "third"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "fourth"));

        Assert.Null(tracker.GetStatus("first"));
        Assert.Null(tracker.GetStatus("second"));
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("third", Default).Soon()).Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("fourth", Default).Soon()).Outcome);
        Assert.All(evicted.GetMeasurementSnapshot(), m => Assert.Equal("capacity", m.Tags["reason"]));
        Assert.Equal(2, evicted.GetMeasurementSnapshot().Sum(m => m.Value));
        var drops = logs.GetSnapshot().Where(r => r.Level == LogLevel.Debug).Select(r => r.Message).ToArray();
        Assert.Equal(2, drops.Length);
        Assert.Contains("the first first", drops[0], StringComparison.Ordinal);
        Assert.Contains("DeliveryTrackerOptions.HistoryCapacity (2)", drops[0], StringComparison.Ordinal);
        Assert.Contains("the first second", drops[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_with_a_wait_pending_is_never_dropped_for_capacity()
    {
        using var tracker = NewSingleStripeTracker(out _, new DeliveryTrackerOptions { HistoryCapacity = 2 });
        var queued = Callback(CallbackEvent.Queued, "waited");
        tracker.Publish(queued);
        var waited = tracker.WaitAsync("waited", Default);

        tracker.Publish(Callback(CallbackEvent.Delivered, "a"));
        tracker.Publish(Callback(CallbackEvent.Delivered, "b"));
        var delivered = Callback(CallbackEvent.Delivered, "waited", 1);
        tracker.Publish(delivered);

        var result = await waited.Soon();
        Assert.Equal([queued, delivered], result.Callbacks);
        Assert.Equal([queued, delivered], tracker.GetStatus("waited")!.Callbacks);
        Assert.Equal(DeliveryOutcome.Delivered, (await tracker.WaitAsync("b", Default).Soon()).Outcome);
        Assert.Null(tracker.GetStatus("a"));
    }

    [Fact]
    public async Task A_notification_kept_beyond_the_capacity_for_its_wait_is_counted_as_dropped_once_the_wait_times_out()
    {
        var metrics = MetricsTestKit.IsolatedMetrics();
        using var evicted = new MetricCollector<long>(metrics.HistoryEvicted);
        using var tracker = NewSingleStripeTracker(out var time, new DeliveryTrackerOptions { HistoryCapacity = 1 }, metrics);
        tracker.Publish(Callback(CallbackEvent.Sent, "waited"));
        var wait = tracker.WaitAsync("waited", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(10)));

        tracker.Publish(Callback(CallbackEvent.Sent, "other"));
        Assert.NotNull(tracker.GetStatus("waited"));
        Assert.Empty(evicted.GetMeasurementSnapshot());

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(DeliveryOutcome.TimedOut, (await wait.Soon()).Outcome);
        Assert.Null(tracker.GetStatus("waited"));
        var dropped = Assert.Single(evicted.GetMeasurementSnapshot());
        Assert.Equal(1, dropped.Value);
        Assert.Equal("capacity", dropped.Tags["reason"]);
    }

    [Fact]
    public void The_defaults_are_ten_thousand_notifications_for_an_hour()
    {
        var options = new DeliveryTrackerOptions();

        Assert.Equal(10_000, options.HistoryCapacity);
        Assert.Equal(TimeSpan.FromHours(1), options.HistoryLifetime);
    }

    [Fact]
    public void Options_that_would_keep_nothing_are_refused_with_a_message_that_says_how_to_fix_them()
    {
        var capacity = Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryTracker(new DeliveryTrackerOptions { HistoryCapacity = 0 }));
        var lifetime = Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryTracker(new DeliveryTrackerOptions { HistoryLifetime = TimeSpan.FromSeconds(-1) }));
        var both = Assert.Throws<ArgumentOutOfRangeException>(
            () => new DeliveryTracker(new DeliveryTrackerOptions { HistoryCapacity = -5, HistoryLifetime = TimeSpan.Zero }));

        Assert.Contains("DeliveryTrackerOptions.HistoryCapacity must be at least 1, but is 0", capacity.Message, StringComparison.Ordinal);
        Assert.Contains("default (10000)", capacity.Message, StringComparison.Ordinal);
        Assert.Contains("DeliveryTrackerOptions.HistoryLifetime must be positive, but is -00:00:01", lifetime.Message, StringComparison.Ordinal);
        Assert.Contains("HistoryCapacity must be at least 1, but is -5", both.Message, StringComparison.Ordinal);
        Assert.Contains("HistoryLifetime must be positive", both.Message, StringComparison.Ordinal);
        Assert.Equal("options", both.ParamName);
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

        time.Advance(DeliveryTrackerOptions.DefaultHistoryLifetime);
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
