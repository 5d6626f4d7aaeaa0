using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// The deliveries handled lately, by body hash, so that Smooven's retry of one reaches the
/// handlers once. A delivery counts as handled only when every handler succeeded; while one
/// is being handled an identical one waits for the outcome instead of racing it.
/// Bounded by age and by count; time comes from the <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Every delivery stays here for thousands of requests and then dies, which is the worst age for
/// the garbage collector: so an entry is a struct inside the two collections, not an object of
/// its own, and the task identical deliveries wait on is made only when one actually waits.
/// </remarks>
internal sealed class RecentDeliveries
{
    private readonly object _gate = new();
    private readonly Dictionary<BodyHash, Entry> _byHash = [];
    private readonly Queue<(BodyHash Hash, long HandledAt)> _handledInOrder = new();
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
            ForgetOld(_timeProvider.GetTimestamp(), window, capacity);
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHash, hash, out var known);
            if (!known)
            {
                entry.IsInProgress = true;
                return Claim.Owner;
            }

            if (!entry.IsInProgress)
            {
                return Claim.Duplicate;
            }

            entry.Outcome ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new Claim(false, entry.Outcome.Task);
        }
    }

    /// <summary>Ends a claim: remembered when <paramref name="handled"/>, forgotten otherwise so a retry is handled.</summary>
    public void Complete(BodyHash hash, Claim claim, bool handled, TimeSpan window, int capacity)
    {
        if (!claim.IsOwner)
        {
            throw new InvalidOperationException("Only the owner of a claim completes it.");
        }

        TaskCompletionSource? waiting;
        lock (_gate)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_byHash, hash);
            if (Unsafe.IsNullRef(ref entry) || !entry.IsInProgress)
            {
                throw new InvalidOperationException("Only the owner of a claim completes it.");
            }

            waiting = entry.Outcome;
            if (handled && window > TimeSpan.Zero)
            {
                var now = _timeProvider.GetTimestamp();
                entry = new Entry { HandledAt = now };
                _handledInOrder.Enqueue((hash, now));
                ForgetOld(now, window, capacity);
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
    // A hash is queued at most once at a time: it leaves the dictionary only here, or unhandled.
    private void ForgetOld(long now, TimeSpan window, int capacity)
    {
        while (_handledInOrder.TryPeek(out var oldest)
            && (_handledInOrder.Count > capacity || _timeProvider.GetElapsedTime(oldest.HandledAt, now) >= window))
        {
            _handledInOrder.Dequeue();
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_byHash, oldest.Hash);
            if (!Unsafe.IsNullRef(ref entry) && !entry.IsInProgress && entry.HandledAt == oldest.HandledAt)
            {
                _byHash.Remove(oldest.Hash);
            }
        }
    }

    /// <summary>The outcome of <see cref="TryClaim"/>.</summary>
    /// <param name="IsOwner">This caller handles the delivery and must complete the claim.</param>
    /// <param name="InProgress">Set when an identical delivery is being handled right now.</param>
    public readonly record struct Claim(bool IsOwner, Task? InProgress)
    {
        public static Claim Owner => new(true, null);

        public static Claim Duplicate => new(false, null);

        public bool IsDuplicate => !IsOwner && InProgress is null;
    }

    // Being handled (with the task identical deliveries wait on, once one does), or handled at HandledAt.
    private struct Entry
    {
        public bool IsInProgress;
        public TaskCompletionSource? Outcome;
        public long HandledAt;
    }
}
