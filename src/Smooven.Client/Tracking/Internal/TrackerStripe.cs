using System.Runtime.InteropServices;

namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// One stripe of a tracker's state: the notifications whose ids hash to it, each with its callbacks
/// and pending waits, and the order in which they entered its history, all under one lock. Nothing
/// here calls out (no completion, timer, logger or clock): callers do that once the lock is released.
/// </summary>
internal sealed class TrackerStripe(HistoryOrder history)
{
    private const int ShrinkAbove = 256; // after a burst, a larger table gives back what it grew into

    private readonly object _gate = new();
    private readonly Dictionary<string, NotificationRecord> _records = [];
    private bool _closed;

    /// <summary>
    /// Starts a wait at <paramref name="now"/>: settled at once by the callbacks already here
    /// (<paramref name="settled"/>), or added to its notification. False when the tracker is disposed.
    /// </summary>
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

            TrimExpired(now, ref evictions);
            var record = RecordFor(id);
            settled = record.SettledFor(wait.Goal);
            if (settled is null)
            {
                record.AddWait(wait);
            }

            return true;
        }
    }

    /// <summary>Records a callback unless it is a duplicate, and returns the waits it ended (see <see cref="NotificationRecord.EndWaitsSettledByLatest"/>).</summary>
    public PendingWait? Publish(DeliveryCallback callback, long now, DateTimeOffset utcNow, out HistoryEvictions evictions)
    {
        lock (_gate)
        {
            evictions = default;
            if (_closed)
            {
                return null;
            }

            TrimExpired(now, ref evictions);
            var record = RecordFor(callback.NotificationId);
            if (!record.TryAdd(callback, utcNow))
            {
                return null;
            }

            if (!record.InHistory)
            {
                history.Enter(record, now);
                DropOverCapacity(ref evictions);
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

    /// <summary>Keeps the cancellation registration of a pending wait; false when the wait has ended and the caller must dispose it.</summary>
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

            TrimExpired(now, ref evictions);
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
            history.Clear();
            return ended;
        }
    }

    private NotificationRecord RecordFor(string id)
    {
        ref var record = ref CollectionsMarshal.GetValueRefOrAddDefault(_records, id, out _);
        return record ??= new NotificationRecord(id);
    }

    private void TrimExpired(long now, ref HistoryEvictions evictions)
    {
        while (history.TryTakeExpired(now, out var oldest))
        {
            if (ForgetUnlessWaitedFor(oldest))
            {
                evictions.First ??= oldest.Id;
                evictions.Expired++;
            }
        }
    }

    private void DropOverCapacity(ref HistoryEvictions evictions)
    {
        while (history.TryTakeOverCapacity(out var oldest))
        {
            if (ForgetUnlessWaitedFor(oldest))
            {
                evictions.First ??= oldest.Id;
                evictions.Dropped++;
            }
        }
    }

    // Called for a record out of the history order: with waits pending it stays until the last one ends.
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
