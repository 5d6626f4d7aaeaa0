using Smooven.Client.Diagnostics;

namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// One stripe of a tracker's state, under one lock: the notifications whose ids hash to it, their
/// waits and the count of those pending. What must not run under a lock (completing tasks, disposing
/// registrations, telemetry) runs once it is released.
/// </summary>
internal sealed class TrackerStripe(RecordTable records, TrackerTelemetry telemetry)
{
    private readonly object _gate = new();
    private int _pending;
    private bool _closed;

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>Starts a wait: settled at once by the callbacks already here, or left pending. False when the tracker is disposed.</summary>
    public bool TryStart(PendingWait wait, long now, out DeliveryResult? settled)
    {
        var evictions = default(HistoryEvictions);
        lock (_gate)
        {
            settled = null;
            if (_closed)
            {
                return false;
            }

            records.Evict(now, ref evictions);
            var record = records.GetOrAdd(wait.NotificationId);
            settled = record.SettledFor(wait.Until);
            if (settled is null)
            {
                record.AddWait(wait);
                _pending++;
            }
        }

        try
        {
            telemetry.WaitStarted();
            if (settled is not null)
            {
                telemetry.WaitEnded(settled.Outcome, wait.Start);
            }

            telemetry.HistoryEvicted(evictions);
        }
        catch when (settled is null)
        {
            // The caller gets this, never the task: left pending with no deadline or token, it would never end.
            EndUnsettled(wait, timedOut: false, CancellationToken.None);
            throw;
        }

        return true;
    }

    /// <summary>Records a callback unless it is a duplicate, and ends the waits it settles.</summary>
    public void Publish(DeliveryCallback callback, long now, DateTimeOffset utcNow)
    {
        var evictions = default(HistoryEvictions);
        PendingWait[] ended = [];
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            records.Evict(now, ref evictions);
            var record = records.GetOrAdd(callback.NotificationId);
            if (record.TryAdd(callback, utcNow))
            {
                records.Keep(record, now, ref evictions);
                ended = record.EndWaitsSettledByNewest();
                _pending -= ended.Length;
            }
        }

        Finish(ended, evictions, CancellationToken.None);
    }

    /// <summary>Ends a wait that no callback settled, timed out or cancelled; nothing when it has already ended.</summary>
    public void EndUnsettled(PendingWait wait, bool timedOut, CancellationToken canceledBy)
    {
        var evictions = default(HistoryEvictions);
        lock (_gate)
        {
            if (wait.HasEnded)
            {
                return;
            }

            var record = records.Find(wait.NotificationId)!;
            record.EndUnsettled(wait, timedOut);
            _pending--;
            records.ForgetAfterWait(record, ref evictions);
        }

        Finish([wait], evictions, canceledBy);
    }

    /// <summary>Keeps a pending wait's cancellation registration, or disposes it when the wait has already ended.</summary>
    public void KeepRegistration(PendingWait wait, CancellationTokenRegistration registration)
    {
        lock (_gate)
        {
            // Once ended, the wait's ender may be reading the field: leave it alone.
            if (!wait.HasEnded)
            {
                wait.Registration = registration;
                return;
            }
        }

        registration.Dispose();
    }

    /// <summary>A snapshot of one notification; null when nothing is known of it. False when the tracker is disposed.</summary>
    public bool TryGetStatus(string id, long now, out NotificationStatus? status)
    {
        var evictions = default(HistoryEvictions);
        lock (_gate)
        {
            status = null;
            if (_closed)
            {
                return false;
            }

            records.Evict(now, ref evictions);
            if (records.Find(id) is { Callbacks.Length: > 0 } record)
            {
                status = new NotificationStatus(id, Array.AsReadOnly(record.Callbacks), WaitRules.FurthestOutcome(record.Callbacks), record.LastUpdated);
            }
        }

        telemetry.HistoryEvicted(evictions);
        return true;
    }

    /// <summary>Forgets everything, cancels the pending waits and refuses what comes next; returns the waits, not yet reported.</summary>
    public PendingWait[] Close()
    {
        PendingWait[] ended;
        lock (_gate)
        {
            _closed = true;
            ended = [.. records.Records.SelectMany(record => record.EndAllWaits())];
            _pending = 0;
            records.Clear();
        }

        Complete(ended, CancellationToken.None);
        return ended;
    }

    // Outside the lock: a registration's Dispose waits for its callback, which takes the lock, and
    // telemetry is user code. Every task completes before anything is reported, so a throwing
    // listener or logger leaves no wait behind.
    private void Finish(PendingWait[] ended, in HistoryEvictions evictions, CancellationToken canceledBy)
    {
        Complete(ended, canceledBy);
        telemetry.WaitsEnded(ended);
        telemetry.HistoryEvicted(evictions);
    }

    private static void Complete(PendingWait[] ended, CancellationToken canceledBy)
    {
        foreach (var wait in ended)
        {
            if (wait.Result is { } result)
            {
                wait.TrySetResult(result);
            }
            else
            {
                wait.TrySetCanceled(canceledBy);
            }

            wait.Registration.Dispose();
        }
    }
}
