using System.Runtime.InteropServices;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Tracking.Internal;

// A stripe's notifications by id, and the history: the order their latest callbacks came in. One leaves
// the history once its latest callback is older than the lifetime or, least recently updated first,
// beyond the capacity; while it is waited for, it stays until its waits end. Guarded by its stripe's lock.
internal sealed class RecordTable(int historyCapacity, long historyLifetime)
{
    private const int ShrinkAbove = 256; // after a burst, a larger table gives back what it grew into

    private readonly Dictionary<string, NotificationRecord> _records = [];
    // One entry per callback kept, oldest first; stale, and skipped, once a later one has updated its record.
    private readonly Queue<(NotificationRecord Record, long Since)> _history = new();
    private int _kept; // the records in the history

    public NotificationRecord GetOrAdd(string id)
    {
        ref var record = ref CollectionsMarshal.GetValueRefOrAddDefault(_records, id, out _);
        return record ??= new NotificationRecord(id);
    }

    public NotificationRecord? Find(string id) => _records.GetValueOrDefault(id);

    // Keeps a record that has just had a new callback for the lifetime from now.
    public void Keep(NotificationRecord record, long now, ref HistoryEvictions evictions)
    {
        _kept += record.KeptSince is null ? 1 : 0;
        record.KeptSince = now;
        _history.Enqueue((record, now));
        Evict(now, ref evictions);
    }

    public void Evict(long now, ref HistoryEvictions evictions)
    {
        while (_history.TryPeek(out var entry))
        {
            var (oldest, since) = entry;
            var expired = now - since >= historyLifetime;
            if (oldest.KeptSince == since && !expired && _kept <= historyCapacity)
            {
                return;
            }

            _history.Dequeue();
            if (oldest.KeptSince == since)
            {
                _kept--;
                oldest.KeptSince = null;
                oldest.LeftHistoryExpired = expired;
                Forget(oldest, ref evictions);
            }
        }
    }

    // Forgets a record that is neither in the history nor waited for. One with callbacks has left the
    // history, and is counted now: for one that was waited for, when its last wait ends.
    public void Forget(NotificationRecord record, ref HistoryEvictions evictions)
    {
        if (record.KeptSince is not null || record.Waits.Length != 0)
        {
            return;
        }

        _records.Remove(record.Id);
        if (_records.Count < ShrinkAbove / 4 && _records.EnsureCapacity(0) > ShrinkAbove)
        {
            _records.TrimExcess();
        }

        if (record.Callbacks.Length != 0)
        {
            evictions.First ??= record.Id;
            evictions.Expired += record.LeftHistoryExpired ? 1 : 0;
            evictions.Dropped += record.LeftHistoryExpired ? 0 : 1;
        }
    }

    // Forgets everything, and returns the waits that were pending.
    public PendingWait[] Clear()
    {
        PendingWait[] waits = [.. _records.Values.SelectMany(record => record.Waits)];
        _records.Clear();
        _records.TrimExcess();
        _history.Clear();
        _history.TrimExcess();
        _kept = 0;
        return waits;
    }
}
