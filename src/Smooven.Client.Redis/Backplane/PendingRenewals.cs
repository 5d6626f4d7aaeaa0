using StackExchange.Redis;

namespace Smooven.Client.Redis.Backplane;

/// <summary>
/// The renewals waiting in <see cref="WriteQueue"/>: one per key, oldest first, so that a replay
/// flood of one delivery queues one renewal. A key renewed again while it waits keeps its place and
/// takes the newer renewal. Guarded by <see cref="WriteQueue"/>'s lock.
/// </summary>
internal sealed class PendingRenewals
{
    private readonly Dictionary<RedisKey, PendingCompletion> _byKey = [];
    private readonly Queue<RedisKey> _order = new();

    public void Add(PendingCompletion renewal)
    {
        if (_byKey.TryAdd(renewal.Key, renewal))
        {
            _order.Enqueue(renewal.Key);
        }
        else
        {
            _byKey[renewal.Key] = renewal;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> of the oldest renewals to the end of <paramref name="batch"/>.</summary>
    public void MoveOldestTo(List<PendingCompletion> batch, int max)
    {
        for (var taken = 0; taken < max && _order.TryDequeue(out var key); taken++)
        {
            batch.Add(_byKey[key]);
            _byKey.Remove(key);
        }
    }
}
