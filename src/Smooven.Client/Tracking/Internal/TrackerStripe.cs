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

    // Ends a wait at once on the callbacks already here, or leaves it pending; true when it is pending.
    public bool Start(PendingWait wait, long now)
    {
        var evictions = default(HistoryEvictions);
        bool pending;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(DeliveryTracker));
            records.Evict(now, ref evictions);
            pending = records.GetOrAdd(wait.NotificationId).Start(wait);
            _pending += pending ? 1 : 0;
        }

        try
        {
            telemetry.WaitStarted();
            Finish(pending ? [] : [wait], evictions, CancellationToken.None);
        }
        catch when (pending)
        {
            // The caller gets this, never the task: left pending with no deadline or token, it would never end.
            EndUnsettled(wait, timedOut: false, CancellationToken.None);
            throw;
        }

        return pending;
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

    public NotificationStatus? GetStatus(string id, long now)
    {
        var evictions = default(HistoryEvictions);
        NotificationStatus? status;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(DeliveryTracker));
            records.Evict(now, ref evictions);
            status = records.Find(id) is { Callbacks.Length: > 0 } record ? record.ToStatus() : null;
        }

        telemetry.HistoryEvicted(evictions);
        return status;
    }

    // Forgets everything, cancels the pending waits and refuses what comes next; returns the waits to report.
    public PendingWait[] Close()
    {
        PendingWait[] ended;
        lock (_gate)
        {
            _closed = true;
            _pending = 0;
            ended = records.Clear();
            Array.ForEach(ended, static wait => wait.HasEnded = true); // so that no timeout or token ends one again
        }

        Array.ForEach(ended, static wait => wait.Complete(CancellationToken.None));
        return ended;
    }

    // Every task completes before anything is reported, so a throwing listener or logger leaves no wait behind.
    private void Finish(PendingWait[] ended, in HistoryEvictions evictions, CancellationToken canceledBy)
    {
        foreach (var wait in ended)
        {
            wait.Complete(canceledBy);
        }

        telemetry.WaitsEnded(ended);
        telemetry.HistoryEvicted(evictions);
    }
}
