using System.Runtime.InteropServices;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// A stripe's notifications by id, and the order their latest callbacks came in. A notification
/// leaves the history when its latest callback is older than the lifetime, or, least recently updated
/// first, beyond the capacity; while a wait is pending it stays until the wait ends. Guarded by its
/// stripe's lock.
/// </summary>
internal sealed class RecordTable(int historyCapacity, long historyLifetime)
{
    private const int ShrinkAbove = 256; // after a burst, a larger table gives back what it grew into

    private readonly Dictionary<string, NotificationRecord> _records = [];
    // One entry per callback kept, oldest first; an entry is stale once a later callback has updated
    // its record (KeptSince no longer matches), and is skipped when it comes up.
    private readonly Queue<(NotificationRecord Record, long Since)> _history = new();
    private int _kept; // the records with KeptSince set

    public IEnumerable<NotificationRecord> Records => _records.Values;

    public NotificationRecord GetOrAdd(string id)
    {
        ref var record = ref CollectionsMarshal.GetValueRefOrAddDefault(_records, id, out _);
        return record ??= new NotificationRecord(id);
    }

    public NotificationRecord? Find(string id) => _records.GetValueOrDefault(id);

    /// <summary>Keeps a record that has just had a new callback for the lifetime from now.</summary>
    public void Keep(NotificationRecord record, long now, ref HistoryEvictions evictions)
    {
        _kept += record.KeptSince is null ? 1 : 0;
        record.KeptSince = now;
        _history.Enqueue((record, now));
        Evict(now, ref evictions);
    }

    /// <summary>Drops from the history what is past its lifetime or beyond the capacity.</summary>
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
            if (oldest.KeptSince != since)
            {
                continue;
            }

            _kept--;
            oldest.KeptSince = null;
            oldest.LeftHistoryExpired = expired;
            if (ForgetUnlessUsed(oldest))
            {
                Count(oldest, ref evictions);
            }
        }
    }

    /// <summary>
    /// Forgets a record whose wait has ended, unless it is still used. One that left the history while
    /// waited for is dropped only now, and counted now.
    /// </summary>
    public void ForgetAfterWait(NotificationRecord record, ref HistoryEvictions evictions)
    {
        if (ForgetUnlessUsed(record) && record.Callbacks.Length != 0)
        {
            Count(record, ref evictions);
        }
    }

    public void Clear()
    {
        _records.Clear();
        _records.TrimExcess();
        _history.Clear();
        _history.TrimExcess();
        _kept = 0;
    }

    private static void Count(NotificationRecord record, ref HistoryEvictions evictions)
    {
        evictions.First ??= record.Id;
        evictions.Expired += record.LeftHistoryExpired ? 1 : 0;
        evictions.Dropped += record.LeftHistoryExpired ? 0 : 1;
    }

    // A record that is neither in the history nor waited for; false when it stays.
    private bool ForgetUnlessUsed(NotificationRecord record)
    {
        if (record.KeptSince is not null || record.Waits.Length != 0)
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
