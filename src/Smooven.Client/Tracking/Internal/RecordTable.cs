using System.Runtime.InteropServices;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// A stripe's notifications by id, and the order they entered the history in. A notification enters
/// the history with its first callback and leaves it oldest first, past the lifetime or beyond the
/// capacity; while a wait is pending it stays until the wait ends. Guarded by its stripe's lock.
/// </summary>
internal sealed class RecordTable(int historyCapacity, long historyLifetime)
{
    private const int ShrinkAbove = 256; // after a burst, a larger table gives back what it grew into

    private readonly Dictionary<string, NotificationRecord> _records = [];
    private readonly Queue<NotificationRecord> _history = new(); // exactly the records with InHistorySince set

    public IEnumerable<NotificationRecord> Records => _records.Values;

    public NotificationRecord GetOrAdd(string id)
    {
        ref var record = ref CollectionsMarshal.GetValueRefOrAddDefault(_records, id, out _);
        return record ??= new NotificationRecord(id);
    }

    public NotificationRecord? Find(string id) => _records.GetValueOrDefault(id);

    /// <summary>Puts a record that has just had its first callback in the history.</summary>
    public void EnterHistory(NotificationRecord record, long now, ref HistoryEvictions evictions)
    {
        record.InHistorySince = now;
        _history.Enqueue(record);
        Evict(now, ref evictions);
    }

    /// <summary>Drops from the history what is past its lifetime or beyond the capacity.</summary>
    public void Evict(long now, ref HistoryEvictions evictions)
    {
        while (_history.TryPeek(out var oldest))
        {
            var expired = now - oldest.InHistorySince >= historyLifetime;
            if (!expired && _history.Count <= historyCapacity)
            {
                return;
            }

            _history.Dequeue();
            oldest.InHistorySince = null;
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
        if (record.InHistorySince is not null || record.Waits.Length != 0)
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
