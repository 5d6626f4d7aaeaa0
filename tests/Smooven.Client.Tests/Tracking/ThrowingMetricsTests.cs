using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using static Smooven.Client.Tests.Tracking.TrackerKit;

namespace Smooven.Client.Tests.Tracking;

/// <summary>A <see cref="MeterListener"/>'s failure reaches whoever records the measurement: the tracker must stay whole.</summary>
public class ThrowingMetricsTests
{
    [Fact]
    public void Dispose_cancels_the_waits_of_every_stripe_when_a_metrics_listener_throws()
    {
        var metrics = MetricsTestKit.IsolatedMetrics();
        var throwing = false;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == metrics.PendingWaits)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) =>
        {
            if (throwing)
            {
                throw new InvalidOperationException("the metrics listener is broken");
            }
        });
        listener.Start();
        var tracker = new DeliveryTracker(null, new FakeTimeProvider(T0), null, metrics, stripeCount: 4);
        var waits = Enumerable.Range(0, 32).Select(i => tracker.WaitAsync($"ntf_{i}", Until(CallbackEvent.Delivered, Timeout.InfiniteTimeSpan))).ToArray();

        throwing = true;
        try
        {
            tracker.Dispose();
        }
        catch (InvalidOperationException)
        {
            // The listener's failure may surface; what matters is that nothing is left open.
        }

        Assert.All(waits, wait => Assert.True(wait.IsCanceled, $"a wait was left {wait.Status} by Dispose"));
        Assert.Equal(0, tracker.PendingCount);
        Assert.Throws<ObjectDisposedException>(() => { _ = tracker.WaitAsync("late", Default); });
    }
}
