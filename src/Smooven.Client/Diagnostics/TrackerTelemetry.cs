using Microsoft.Extensions.Logging;
using Smooven.Client.Tracking.Internal;

namespace Smooven.Client.Diagnostics;

/// <summary>
/// What a tracker reports about its waits and history, through the <c>Smooven.Client</c> meter and its
/// logger. Called only once the tracker's state is consistent and no lock is held: a listener or
/// logger that throws can then fail the call, but leaves nothing half done.
/// </summary>
internal sealed class TrackerTelemetry(SmoovenMetrics metrics, ILogger logger, TimeProvider time, DeliveryTrackerOptions options)
{
    private static readonly KeyValuePair<string, object?>[] OutcomeTags =
    [
        new("outcome", "delivered"),
        new("outcome", "failed"),
        new("outcome", "timed_out"),
        new("outcome", "opened"),
        new("outcome", "clicked"),
    ];

    private static readonly KeyValuePair<string, object?> CanceledTag = new("outcome", "canceled");
    private static readonly KeyValuePair<string, object?> ExpiredTag = new("reason", "expired");
    private static readonly KeyValuePair<string, object?> CapacityTag = new("reason", "capacity");

    public void WaitStarted()
    {
        if (metrics.PendingWaits.Enabled)
        {
            metrics.PendingWaits.Add(1);
        }
    }

    /// <summary>A wait ended: with an outcome, or cancelled when <paramref name="outcome"/> is null.</summary>
    public void WaitEnded(DeliveryOutcome? outcome, long start)
    {
        var tag = outcome is { } ended ? OutcomeTags[(int)ended] : CanceledTag;
        if (metrics.PendingWaits.Enabled)
        {
            metrics.PendingWaits.Add(-1);
        }

        if (metrics.WaitOutcomes.Enabled)
        {
            metrics.WaitOutcomes.Add(1, tag);
        }

        if (metrics.WaitDuration.Enabled)
        {
            metrics.WaitDuration.Record(time.GetElapsedTime(start).TotalSeconds, tag);
        }
    }

    /// <summary>Waits that have ended, their tasks already completed.</summary>
    public void WaitsEnded(PendingWait[] ended)
    {
        foreach (var wait in ended)
        {
            WaitEnded(wait.Result?.Outcome, wait.Start);
            if (wait.Result is { Outcome: DeliveryOutcome.TimedOut } result)
            {
                TrackerLog.WaitTimedOut(logger, result.NotificationId, time.GetElapsedTime(wait.Start), result.Callbacks.Count);
            }
        }
    }

    // Dropping the oldest is routine once the history is full, so this is debug-level news.
    public void HistoryEvicted(in HistoryEvictions evictions)
    {
        if (evictions.First is null)
        {
            return;
        }

        if (evictions.Expired != 0)
        {
            metrics.HistoryEvicted.Add(evictions.Expired, ExpiredTag);
        }

        if (evictions.Dropped != 0)
        {
            metrics.HistoryEvicted.Add(evictions.Dropped, CapacityTag);
        }

        TrackerLog.HistoryDropped(logger, evictions.Expired + evictions.Dropped, evictions.First, evictions.Expired, options.HistoryLifetime, evictions.Dropped, options.HistoryCapacity);
    }
}

/// <summary>What a stripe dropped from its history during one call, to report once its lock is released.</summary>
internal record struct HistoryEvictions(int Expired, int Dropped, string? First);
