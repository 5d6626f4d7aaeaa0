using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

public class TrackerMetricsTests
{
    [Fact]
    public async Task Pending_waits_outcomes_and_durations_are_reported_on_the_Smooven_meter()
    {
        var metrics = MetricsTestKit.IsolatedMetrics();
        using var pending = new MetricCollector<long>(metrics.PendingWaits);
        using var outcomes = new MetricCollector<long>(metrics.WaitOutcomes);
        using var durations = new MetricCollector<double>(metrics.WaitDuration);
        var time = new FakeTimeProvider(T0);
        using var tracker = new DeliveryTracker(null, time, null, metrics);
        using var cancellation = new CancellationTokenSource();

        var delivered = tracker.WaitAsync("delivered", Default);
        var failed = tracker.WaitAsync("failed", Default);
        var timedOut = tracker.WaitAsync("timed_out", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(10)));
        var cancelled = tracker.WaitAsync("cancelled", Default, cancellation.Token);
        Assert.Equal(4, pending.GetMeasurementSnapshot().Sum(m => m.Value));
        time.Advance(TimeSpan.FromSeconds(3));
        tracker.Publish(Callback(CallbackEvent.Delivered, "delivered"));
        tracker.Publish(Callback(CallbackEvent.Failed, "failed"));
        time.Advance(TimeSpan.FromSeconds(7));
        await cancellation.CancelAsync();
        await Task.WhenAll(delivered, failed, timedOut).Soon();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Soon());

        Assert.Equal(0, pending.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(
            ["canceled", "delivered", "failed", "timed_out"],
            outcomes.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!).Order(StringComparer.Ordinal));
        Assert.All(outcomes.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
        var seconds = durations.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["outcome"]!, m => m.Value);
        Assert.Equal(3.0, seconds["delivered"]);
        Assert.Equal(3.0, seconds["failed"]);
        Assert.Equal(10.0, seconds["timed_out"]);
    }

    [Fact]
    public async Task A_wait_without_a_timeout_still_reports_its_duration()
    {
        var metrics = MetricsTestKit.IsolatedMetrics();
        using var durations = new MetricCollector<double>(metrics.WaitDuration);
        var time = new FakeTimeProvider(T0);
        using var tracker = new DeliveryTracker(null, time, null, metrics);

        var wait = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Delivered, Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromMinutes(42));
        tracker.Publish(Callback(CallbackEvent.Delivered, "ntf_1"));
        await wait.Soon();

        Assert.Equal(42 * 60.0, Assert.Single(durations.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task A_timeout_is_logged_with_the_notification_id()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        var time = new FakeTimeProvider(T0);
        using var tracker = new DeliveryTracker(null, time, loggerFactory);
        var wait = tracker.WaitAsync("ntf_quiet", Default);

        time.Advance(SendAndWaitOptions.DefaultTimeout);
        await wait.Soon();

        var record = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Information);
        Assert.Contains("ntf_quiet", record.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(DeliveryTracker).FullName, record.Category);
    }
}
