using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Tests.Tracking;

/// <summary>Callbacks and trackers for the tracker tests: fake time, never a sleep.</summary>
internal static class TrackerKit
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>How long a test awaits something that should already be done or about to be.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static SendAndWaitOptions Until(CallbackEvent until, TimeSpan? timeout = null) =>
        new() { Until = until, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    public static SendAndWaitOptions Default => new();

    public static DeliveryCallback Callback(CallbackEvent @event, string notificationId, int second = 0, Channel? channel = null) =>
        SmoovenModelFactory.DeliveryCallback(@event, notificationId, T0.AddSeconds(second), channel ?? Channel.Sms);

    public static DeliveryTracker NewTracker(out FakeTimeProvider time, DeliveryTrackerOptions? options = null)
    {
        time = new FakeTimeProvider(T0);
        return new DeliveryTracker(options, time);
    }

    /// <summary>A tracker with one stripe, so that the history drops notifications exactly in the order they came.</summary>
    public static DeliveryTracker NewSingleStripeTracker(out FakeTimeProvider time, DeliveryTrackerOptions? options = null, SmoovenMetrics? metrics = null, ILoggerFactory? loggerFactory = null)
    {
        time = new FakeTimeProvider(T0);
        return new DeliveryTracker(options, time, loggerFactory, metrics, stripeCount: 1);
    }

    public static Task<T> Soon<T>(this Task<T> task) => task.WaitAsync(Patience);

    public static Task Soon(this Task task) => task.WaitAsync(Patience);

    public static void AssertPending<T>(Task<T> task) =>
        Assert.False(task.IsCompleted, $"the wait ended too early: {task.Status}");
}
