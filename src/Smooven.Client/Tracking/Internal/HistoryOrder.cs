namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// The order in which one stripe's notifications entered its history, oldest first: which leaves
/// next, past the lifetime or beyond the stripe's share of the capacity. Guarded by the stripe's lock.
/// </summary>
/// <remarks>
/// A notification enters with its first callback. One that leaves with waits pending stays in its
/// stripe until the last of them ends; one with neither callbacks nor waits is forgotten at once.
/// </remarks>
internal sealed class HistoryOrder(int capacity, long lifetime)
{
    // Holds exactly the records whose InHistory is set.
    private readonly Queue<NotificationRecord> _order = new();

    public void Enter(NotificationRecord record, long now)
    {
        record.InHistory = true;
        record.InHistorySince = now;
        _order.Enqueue(record);
    }

    /// <summary>Takes the oldest record out of the order if it entered at least the lifetime before <paramref name="now"/>.</summary>
    public bool TryTakeExpired(long now, out NotificationRecord oldest) =>
        _order.TryPeek(out oldest!) && now - oldest.InHistorySince >= lifetime && Take() is not null;

    /// <summary>Takes the oldest record out of the order if the order holds more than the capacity.</summary>
    public bool TryTakeOverCapacity(out NotificationRecord oldest)
    {
        oldest = _order.Count > capacity ? Take() : null!;
        return oldest is not null;
    }

    public void Clear()
    {
        _order.Clear();
        _order.TrimExcess();
    }

    private NotificationRecord Take()
    {
        var oldest = _order.Dequeue();
        oldest.InHistory = false;
        return oldest;
    }
}
