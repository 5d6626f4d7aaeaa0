using Smooven.Client.Diagnostics;

namespace Smooven.Client.Tracking.Internal;

// One stripe of a tracker's state under one lock: the notifications whose ids hash to it, and the count of
// their pending waits. What must not run under a lock (completing tasks, disposing registrations,
// telemetry) runs once it is released.
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

    // Settles a wait at once from the callbacks already here, or leaves it pending; false once closed.
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
                record.Waits = [.. record.Waits, wait];
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

    // Records a callback unless it is a duplicate, and ends the waits it settles.
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

    // Ends a wait that no callback settled, timed out or cancelled; nothing when it has already ended.
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
            records.Forget(record, ref evictions);
        }

        Finish([wait], evictions, canceledBy);
    }

    // Once a wait has ended, its ender may be reading the registration: it is then disposed, not kept.
    public void KeepRegistration(PendingWait wait, CancellationTokenRegistration registration)
    {
        lock (_gate)
        {
            if (!wait.HasEnded)
            {
                wait.Registration = registration;
                return;
            }
        }

        registration.Dispose();
    }

    // A snapshot of one notification, null when nothing is known of it; false once closed.
    public bool TryGetStatus(string id, long now, out NotificationStatus? status)
    {
        var evictions = default(HistoryEvictions);
        lock (_gate)
        {
            if (_closed)
            {
                status = null;
                return false;
            }

            records.Evict(now, ref evictions);
            status = records.Find(id) is { Callbacks.Length: > 0 } record ? record.ToStatus() : null;
        }

        telemetry.HistoryEvicted(evictions);
        return true;
    }

    // Forgets everything, cancels the pending waits and refuses what comes next; returns the waits for
    // the caller to report.
    public PendingWait[] Close()
    {
        PendingWait[] ended;
        lock (_gate)
        {
            _closed = true;
            ended = [.. records.Records.SelectMany(record => record.Waits)];
            Array.ForEach(ended, static wait => wait.HasEnded = true);
            _pending = 0;
            records.Clear();
        }

        Complete(ended, CancellationToken.None);
        return ended;
    }

    // Outside the lock: a registration's Dispose waits for its callback, which takes the lock. Every task
    // completes before anything is reported, so a throwing listener or logger leaves no wait behind.
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
