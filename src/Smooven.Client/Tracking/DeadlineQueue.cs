namespace Smooven.Client.Tracking;

/// <summary>
/// Every deadline of a tracker's pending waits, in a few independently locked heaps so waits
/// registered on different threads rarely contend. One timer serves them all (see
/// <see cref="SweepTimer"/>); a wait has no timer of its own.
/// </summary>
internal sealed class DeadlineQueue
{
    private readonly DeadlineHeap[] _shards;

    public DeadlineQueue()
    {
        var count = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        _shards = new DeadlineHeap[count];
        for (var i = 0; i < count; i++)
        {
            _shards[i] = new DeadlineHeap();
        }
    }

    public int ShardCount => _shards.Length;

    /// <summary>The heap a wait for this notification goes to: by the id's last character, which
    /// is cheap and spreads random ids evenly.</summary>
    public int PickShard(string notificationId) => notificationId[^1] & (_shards.Length - 1);

    /// <summary>Adds a wait's deadline, unless the wait has already ended.</summary>
    public void Add(DeliveryWait wait, long deadline)
    {
        var shard = _shards[wait.Shard];
        shard.Enter();
        try
        {
            // The end of a wait marks it ended before it calls Remove under this gate (both full
            // fences), so a wait that ends while being added is either seen ended here or removed after.
            if (!wait.HasEnded)
            {
                shard.Add(wait, deadline);
            }
        }
        finally
        {
            shard.Exit();
        }
    }

    public void Remove(DeliveryWait wait)
    {
        var shard = _shards[wait.Shard];
        shard.Enter();
        try
        {
            shard.Remove(wait);
        }
        finally
        {
            shard.Exit();
        }
    }

    /// <summary>Takes out due waits of one shard, at most <paramref name="due"/>'s length.</summary>
    /// <returns>How many were taken, and the earliest deadline left in that shard.</returns>
    public (int Taken, long Earliest) TakeDue(int shardIndex, long now, Span<DeliveryWait?> due)
    {
        var shard = _shards[shardIndex];
        shard.Enter();
        try
        {
            return (shard.TakeDue(now, due), shard.EarliestDeadline);
        }
        finally
        {
            shard.Exit();
        }
    }

    public int Count()
    {
        var total = 0;
        foreach (var shard in _shards)
        {
            shard.Enter();
            total += shard.Count;
            shard.Exit();
        }

        return total;
    }
}
