namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// The deliveries handled lately, by body hash, so that Smooven's retry of one reaches the
/// handlers once. A delivery counts as handled only when every handler succeeded; while one
/// is being handled an identical one waits for the outcome instead of racing it.
/// Bounded by age and by count; time comes from the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RecentDeliveries
{
    private readonly object _gate = new();
    private readonly Dictionary<BodyHash, Delivery> _byHash = [];
    private readonly Queue<(BodyHash Hash, Delivery Delivery)> _handledInOrder = new();
    private readonly TimeProvider _timeProvider;

    public RecentDeliveries(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>How many handled deliveries are remembered now.</summary>
    public int RememberedCount
    {
        get
        {
            lock (_gate)
            {
                return _handledInOrder.Count;
            }
        }
    }

    /// <summary>
    /// Claims a delivery for handling. The caller that gets <see cref="Claim.IsOwner"/> must call
    /// <see cref="Complete"/>; a caller told <see cref="Claim.InProgress"/> awaits it and claims again.
    /// </summary>
    public Claim TryClaim(BodyHash hash, TimeSpan window, int capacity)
    {
        lock (_gate)
        {
            ForgetOld(window, capacity);
            if (_byHash.TryGetValue(hash, out var known))
            {
                return new Claim(null, known.InProgress?.Task);
            }

            var claimed = new Delivery(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _byHash.Add(hash, claimed);
            return new Claim(claimed, null);
        }
    }

    /// <summary>Ends a claim: remembered when <paramref name="handled"/>, forgotten otherwise so a retry is handled.</summary>
    public void Complete(BodyHash hash, Claim claim, bool handled, TimeSpan window, int capacity)
    {
        var delivery = claim.Owned ?? throw new InvalidOperationException("Only the owner of a claim completes it.");
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            waiting = delivery.InProgress;
            delivery.InProgress = null;
            if (handled && window > TimeSpan.Zero)
            {
                delivery.HandledAt = _timeProvider.GetTimestamp();
                _handledInOrder.Enqueue((hash, delivery));
                ForgetOld(window, capacity);
            }
            else
            {
                _byHash.Remove(hash);
            }
        }

        // Outside the lock: identical deliveries that waited now claim again and see the outcome.
        waiting?.TrySetResult();
    }

    // Handled deliveries are queued in the order they were handled, so the oldest is always first.
    private void ForgetOld(TimeSpan window, int capacity)
    {
        var now = _timeProvider.GetTimestamp();
        while (_handledInOrder.TryPeek(out var oldest)
            && (_handledInOrder.Count > capacity || _timeProvider.GetElapsedTime(oldest.Delivery.HandledAt, now) >= window))
        {
            _handledInOrder.Dequeue();
            if (_byHash.TryGetValue(oldest.Hash, out var current) && ReferenceEquals(current, oldest.Delivery))
            {
                _byHash.Remove(oldest.Hash);
            }
        }
    }

    /// <summary>The outcome of <see cref="TryClaim"/>.</summary>
    /// <param name="Owned">Set when this caller handles the delivery.</param>
    /// <param name="InProgress">Set when an identical delivery is being handled right now.</param>
    public readonly record struct Claim(Delivery? Owned, Task? InProgress)
    {
        public bool IsOwner => Owned is not null;

        public bool IsDuplicate => Owned is null && InProgress is null;
    }

    /// <summary>One delivery being handled, or handled at <see cref="HandledAt"/>.</summary>
    internal sealed class Delivery(TaskCompletionSource inProgress)
    {
        public TaskCompletionSource? InProgress { get; set; } = inProgress;

        public long HandledAt { get; set; }
    }
}
