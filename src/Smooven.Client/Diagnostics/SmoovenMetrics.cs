using System.Diagnostics.Metrics;

namespace Smooven.Client.Diagnostics;

/// <summary>
/// Every instrument of the <c>Smooven.Client</c> meter. One instance per meter: the shared one
/// outside DI, one per <see cref="IMeterFactory"/> inside it, so tests can listen in isolation.
/// </summary>
internal sealed class SmoovenMetrics
{
    private static readonly Lazy<SmoovenMetrics> LazyShared =
        new(() => new SmoovenMetrics(new Meter(SmoovenTelemetry.Name, SmoovenTelemetry.Version)));

    private SmoovenMetrics(Meter meter)
    {
        NotificationsSent = meter.CreateCounter<long>(
            "smooven.client.notifications.sent", "{notification}", "Notify requests Smooven accepted.");
        NotifyRetries = meter.CreateCounter<long>(
            "smooven.client.notify.retries", "{retry}", "Notify attempts repeated after a transient failure.");
        NotifyFailures = meter.CreateCounter<long>(
            "smooven.client.notify.failures", "{notification}", "Notify calls that ended in an error.");
        PendingWaits = meter.CreateUpDownCounter<long>(
            "smooven.client.tracker.pending_waits", "{wait}", "Waits registered with a DeliveryTracker and not yet ended.");
        WaitDuration = meter.CreateHistogram<double>(
            "smooven.client.tracker.wait.duration", "s", "How long each wait for a delivery outcome lasted.");
        WaitOutcomes = meter.CreateCounter<long>(
            "smooven.client.tracker.outcomes", "{wait}", "Waits ended, by outcome.");
        HistoryEvicted = meter.CreateCounter<long>(
            "smooven.client.tracker.history.evicted", "{notification}", "Notifications whose callbacks a DeliveryTracker dropped from its history, by age or count.");
    }

    public static SmoovenMetrics Shared => LazyShared.Value;

    public Counter<long> NotificationsSent { get; }

    public Counter<long> NotifyRetries { get; }

    public Counter<long> NotifyFailures { get; }

    public UpDownCounter<long> PendingWaits { get; }

    public Histogram<double> WaitDuration { get; }

    public Counter<long> WaitOutcomes { get; }

    public Counter<long> HistoryEvicted { get; }

    public static SmoovenMetrics Create(IMeterFactory? meterFactory) =>
        meterFactory is null
            ? Shared
            : new SmoovenMetrics(meterFactory.Create(new MeterOptions(SmoovenTelemetry.Name) { Version = SmoovenTelemetry.Version }));
}
