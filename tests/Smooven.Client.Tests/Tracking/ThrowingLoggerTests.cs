using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

/// <summary>Microsoft.Extensions.Logging rethrows a provider's failure: the tracker must stay whole.</summary>
public class ThrowingLoggerTests
{
    [Fact]
    public async Task Every_wait_still_times_out_and_the_timer_is_set_again_when_each_timeout_log_throws()
    {
        var logger = new ThrowingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logger));
        using var tracker = NewSingleStripeTracker(out var time, loggerFactory: loggerFactory);
        var first = Enumerable.Range(0, 5).Select(i => tracker.WaitAsync($"ntf_{i}", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(10)))).ToArray();
        var later = tracker.WaitAsync("later", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(20)));

        time.Advance(TimeSpan.FromSeconds(10));
        var results = await Task.WhenAll(first).Soon();
        AssertPending(later);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.TimedOut, r.Outcome));
        Assert.Equal(DeliveryOutcome.TimedOut, (await later.Soon()).Outcome);
        Assert.Equal(6, logger.Failures);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public async Task A_publish_whose_log_throws_has_ended_its_waits_and_left_a_history_that_still_expires()
    {
        var logger = new ThrowingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logger));
        var metrics = MetricsTestKit.IsolatedMetrics();
        using var evicted = new MetricCollector<long>(metrics.HistoryEvicted);
        var options = new DeliveryTrackerOptions { HistoryCapacity = 1, HistoryLifetime = TimeSpan.FromMinutes(1) };
        using var tracker = NewSingleStripeTracker(out var time, options, metrics, loggerFactory);
        tracker.Publish(Callback(CallbackEvent.Sent, "older"));
        var waits = new[] { tracker.WaitAsync("ntf_1", Default), tracker.WaitAsync("ntf_1", Until(CallbackEvent.Opened)) };

        // Recording the opened callback drops "older" from the full history, and logging that throws.
        Assert.ThrowsAny<Exception>(() => tracker.Publish(Callback(CallbackEvent.Opened, "ntf_1")));

        var results = await Task.WhenAll(waits).Soon();
        Assert.Equal([DeliveryOutcome.Delivered, DeliveryOutcome.Opened], results.Select(r => r.Outcome));
        Assert.Equal(0, tracker.PendingCount);
        Assert.Null(tracker.GetStatus("older"));
        Assert.Equal(DeliveryOutcome.Opened, tracker.GetStatus("ntf_1")!.Outcome);

        logger.Throw = false;
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(tracker.GetStatus("ntf_1"));
        Assert.Equal(["capacity", "expired"], evicted.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!));
    }

    [Fact]
    public void A_wait_whose_start_drops_history_that_it_fails_to_log_is_not_left_pending()
    {
        var logger = new ThrowingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logger));
        var options = new DeliveryTrackerOptions { HistoryCapacity = 1, HistoryLifetime = TimeSpan.FromMinutes(1) };
        using var tracker = NewSingleStripeTracker(out var time, options, loggerFactory: loggerFactory);
        tracker.Publish(Callback(CallbackEvent.Sent, "older"));
        time.Advance(TimeSpan.FromMinutes(1));

        // Starting the wait drops the expired "older" from the history, and logging that throws: the
        // caller gets the exception and never the task, so no one could ever see that wait end.
        Assert.ThrowsAny<Exception>(() => { _ = tracker.WaitAsync("ntf_1", Until(CallbackEvent.Delivered, TimeSpan.FromSeconds(10))); });
        Assert.Equal(0, tracker.PendingCount);

        logger.Throw = false;
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, tracker.PendingCount);
    }

    private sealed class ThrowingLoggerProvider : ILoggerProvider, ILogger
    {
        private int _failures;

        public bool Throw { get; set; } = true;

        public int Failures => Volatile.Read(ref _failures);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Throw)
            {
                Interlocked.Increment(ref _failures);
                throw new InvalidOperationException("the log sink is down");
            }
        }

        public void Dispose()
        {
        }
    }
}
