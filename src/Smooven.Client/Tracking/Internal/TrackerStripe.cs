using System.Runtime.InteropServices;

namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// One stripe of a tracker's state, under one lock: the notifications whose ids hash to it (callbacks
/// and pending waits) and their history order. A notification enters the history with its first
/// callback and leaves oldest first, past the lifetime or beyond the stripe's share of the capacity;
/// with waits pending it stays until the last ends. Nothing here calls out (no completion, timer,
/// logger or clock): callers do that once the lock is released.
/// </summary>
internal sealed class TrackerStripe(int historyCapacity, long historyLifetime)
{
    private const int ShrinkAbove = 256; // after a burst, a larger table gives back what it grew into

    private readonly object _gate = new();
    private readonly Dictionary<string, NotificationRecord> _records = [];
    private readonly Queue<NotificationRecord> _history = new(); // exactly the records whose InHistory is set
    private bool _closed;

    /// <summary>Starts a wait: settled at once by the callbacks already here, or added to its notification. False when the tracker is disposed.</summary>
    public bool TryStart(string id, PendingWait wait, long now, out DeliveryResult? settled, out HistoryEvictions evictions)
    {
        lock (_gate)
        {
            settled = null;
            evictions = default;
            if (_closed)
            {
                return false;
            }

            Evict(now, ref evictions);
            var record = RecordFor(id);
            settled = record.SettledFor(wait.Goal);
            if (settled is null)
            {
                record.AddWait(wait);
            }

            return true;
        }
    }

    /// <summary>Records a callback unless it is a duplicate, and returns the waits it ended.</summary>
    public PendingWait? Publish(DeliveryCallback callback, long now, DateTimeOffset utcNow, out HistoryEvictions evictions)
    {
        lock (_gate)
        {
            evictions = default;
            if (_closed)
            {
                return null;
            }

            Evict(now, ref evictions);
            var record = RecordFor(callback.NotificationId);
            if (!record.TryAdd(callback, utcNow))
            {
                return null;
            }

            if (!record.InHistory)
            {
                record.InHistory = true;
                record.InHistorySince = now;
                _history.Enqueue(record);
                Evict(now, ref evictions);
            }

            return record.EndWaitsSettledByLatest();
        }
    }

    /// <summary>Ends a wait that no callback settled; false when it has already ended.</summary>
    public bool TryEndUnsettled(PendingWait wait, bool timedOut)
    {
        lock (_gate)
        {
            if (wait.HasEnded)
            {
                return false;
            }

            var record = wait.Record;
            record.EndUnsettled(wait, timedOut);
            if (!record.InHistory)
            {
                ForgetUnlessWaitedFor(record);
            }

            return true;
        }
    }

    /// <summary>Keeps a pending wait's cancellation registration; false when the wait has ended and the caller must dispose it.</summary>
    public bool TryKeepRegistration(PendingWait wait, CancellationTokenRegistration registration)
    {
        lock (_gate)
        {
            // Once ended, the wait's ender may be reading the field: leave it alone.
            var pending = !wait.HasEnded;
            if (pending)
            {
                wait.Registration = registration;
            }

            return pending;
        }
    }

    /// <summary>A snapshot of one notification; null when nothing is known of it. False when the tracker is disposed.</summary>
    public bool TryGetStatus(string id, long now, out NotificationStatus? status, out HistoryEvictions evictions)
    {
        lock (_gate)
        {
            status = null;
            evictions = default;
            if (_closed)
            {
                return false;
            }

            Evict(now, ref evictions);
            if (_records.TryGetValue(id, out var record) && record.Callbacks.Length != 0)
            {
                status = new NotificationStatus(id, Array.AsReadOnly(record.Callbacks), record.FurthestOutcome(), record.LastUpdated);
            }

            return true;
        }
    }

    /// <summary>Forgets everything and refuses what comes next; returns the waits that were pending, ended without a result.</summary>
    public PendingWait? Close()
    {
        lock (_gate)
        {
            PendingWait? ended = null;
            _closed = true;
            foreach (var record in _records.Values)
            {
                ended = record.EndAllWaits(ended);
            }

            _records.Clear();
            _records.TrimExcess();
            _history.Clear();
            _history.TrimExcess();
            return ended;
        }
    }

    private NotificationRecord RecordFor(string id)
    {
        ref var record = ref CollectionsMarshal.GetValueRefOrAddDefault(_records, id, out _);
        return record ??= new NotificationRecord(id);
    }

    private void Evict(long now, ref HistoryEvictions evictions)
    {
        while (_history.TryPeek(out var oldest))
        {
            var expired = now - oldest.InHistorySince >= historyLifetime;
            if (!expired && _history.Count <= historyCapacity)
            {
                return;
            }

            _history.Dequeue();
            oldest.InHistory = false;
            if (ForgetUnlessWaitedFor(oldest))
            {
                evictions.First ??= oldest.Id;
                evictions.Expired += expired ? 1 : 0;
                evictions.Dropped += expired ? 0 : 1;
            }
        }
    }

    // For a record out of the history: with waits pending it stays until the last one ends.
    private bool ForgetUnlessWaitedFor(NotificationRecord record)
    {
        if (record.HasWaits)
        {
            return false;
        }

        _records.Remove(record.Id);
        if (_records.Count < ShrinkAbove / 4 && _records.EnsureCapacity(0) > ShrinkAbove)
        {
            _records.TrimExcess();
        }

        return true;
    }
}
