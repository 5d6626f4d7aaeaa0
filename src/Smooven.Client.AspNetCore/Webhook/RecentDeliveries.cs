using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// The deliveries handled lately, by body hash, so that Smooven's retry of one reaches the
/// handlers once. A delivery counts as handled only when every handler succeeded; while one
/// is being handled an identical one waits for the outcome instead of racing it.
/// Bounded by age, counted from the last time a delivery was seen (handled, or recognised as a
/// duplicate), and by count, the least recently seen forgotten first; time comes from the
/// <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Every delivery stays here for thousands of requests and then dies, which is the worst age for
/// the garbage collector: so an entry is a struct inside the two collections, not an object of
/// its own, and the task identical deliveries wait on is made only when one actually waits.
/// </remarks>
internal sealed class RecentDeliveries
{
    /// <summary>
    /// How often at most a duplicate of one delivery is due to renew it in a backplane
    /// (<see cref="Claim.RenewalDue"/>): a replay flood of one captured delivery costs the shared store
    /// one write a second, not one a copy. The backplane keeps the renewed mark this much longer than
    /// the window, so it outlives the window of a copy seen here after the renewal.
    /// </summary>
    public static readonly TimeSpan RenewalInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly Dictionary<BodyHash, Entry> _byHash = [];
    private readonly Queue<(BodyHash Hash, long SeenAt)> _seenInOrder = new();
    private readonly TimeProvider _timeProvider;

    // The handled deliveries in _byHash. _seenInOrder holds one place for each, and may hold
    // earlier places of a duplicate too, which no longer count (see Refresh).
    private int _remembered;

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
                return _remembered;
            }
        }
    }

    /// <summary>How many places the queue holds now, live and stale: its memory, within twice the capacity.</summary>
    public int PlaceCount
    {
        get
        {
            lock (_gate)
            {
                return _seenInOrder.Count;
            }
        }
    }

    /// <summary>
    /// Claims a verified delivery for handling. The caller that gets <see cref="Claim.IsOwner"/> must call
    /// <see cref="Complete"/>; a caller told <see cref="Claim.InProgress"/> awaits it and claims again.
    /// A duplicate (<see cref="Claim.IsDuplicate"/>) restarts the window of the delivery it duplicates, and
    /// is <see cref="Claim.RenewalDue"/> when it is the delivery's first or its last renewal is
    /// <see cref="RenewalInterval"/> old.
    /// </summary>
    public Claim TryClaim(BodyHash hash, TimeSpan window, int capacity)
    {
        // The clock is read before the lock, as it may be an app's own TimeProvider: no code of an app's
        // runs under it. Two threads may queue their times in the other order, by microseconds: one is
        // then forgotten that much late.
        var now = _timeProvider.GetTimestamp();
        lock (_gate)
        {
            ForgetOld(now, window, capacity);
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHash, hash, out var known);
            if (!known)
            {
                entry.IsInProgress = true;
                return Claim.Owner;
            }

            if (!entry.IsInProgress)
            {
                Refresh(hash, ref entry, now);
                return RenewalDue(ref entry, now) ? Claim.DuplicateToRenew : Claim.Duplicate;
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
        var now = _timeProvider.GetTimestamp();
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
                entry = new Entry { SeenAt = now };
                _seenInOrder.Enqueue((hash, now));
                _remembered++;
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

    // A duplicate, being validly signed, may be replayed until its own signature expires: its
    // delivery is remembered for a full window from now (SmoovenWebhookOptionsValidator.LeavesReplayGap
    // says why that is enough). It takes a new place at the end of the queue; its earlier place stays
    // behind, stale, until it comes first or stale places outnumber the live ones. So stale places
    // never outnumber the capacity, however often one delivery is replayed, and never count against it.
    private void Refresh(BodyHash hash, ref Entry entry, long now)
    {
        // Places tell live from stale by their time: one seen at this instant has its place already.
        if (entry.SeenAt == now)
        {
            return;
        }

        entry.SeenAt = now;
        _seenInOrder.Enqueue((hash, now));
        if (_seenInOrder.Count - _remembered > _remembered)
        {
            DropStale();
        }
    }

    // The first duplicate renews at once: the mark set when the delivery was handled (here or, found
    // handled there, on another instance) is kept only for the window.
    private bool RenewalDue(ref Entry entry, long now)
    {
        if (entry.RenewedAt is { } renewedAt && _timeProvider.GetElapsedTime(renewedAt, now) < RenewalInterval)
        {
            return false;
        }

        entry.RenewedAt = now;
        return true;
    }

    // Places are queued in the order deliveries were seen, so the oldest is always first, and a
    // delivery's stale places come before its live one: once that goes, none of its places is left.
    // Kept through the window's last instant: the verifier accepts a signature through the
    // tolerance's last, so a window equal to the tolerance leaves no instant for a replay.
    private void ForgetOld(long now, TimeSpan window, int capacity)
    {
        while (_seenInOrder.TryPeek(out var oldest)
            && (_remembered > capacity || _timeProvider.GetElapsedTime(oldest.SeenAt, now) > window))
        {
            _seenInOrder.Dequeue();
            if (IsLive(oldest))
            {
                _byHash.Remove(oldest.Hash);
                _remembered--;
            }
        }
    }

    // Keeps the live places, in their order.
    private void DropStale()
    {
        for (var count = _seenInOrder.Count; count > 0; count--)
        {
            var place = _seenInOrder.Dequeue();
            if (IsLive(place))
            {
                _seenInOrder.Enqueue(place);
            }
        }
    }

    private bool IsLive((BodyHash Hash, long SeenAt) place)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_byHash, place.Hash);
        return !Unsafe.IsNullRef(ref entry) && !entry.IsInProgress && entry.SeenAt == place.SeenAt;
    }

    /// <summary>The outcome of <see cref="TryClaim"/>.</summary>
    /// <param name="IsOwner">This caller handles the delivery and must complete the claim.</param>
    /// <param name="InProgress">Set when an identical delivery is being handled right now.</param>
    /// <param name="RenewalDue">A duplicate that is to renew its delivery in the backplane (<see cref="RenewalInterval"/>).</param>
    public readonly record struct Claim(bool IsOwner, Task? InProgress, bool RenewalDue = false)
    {
        public static Claim Owner => new(true, null);

        public static Claim Duplicate => new(false, null);

        public static Claim DuplicateToRenew => new(false, null, RenewalDue: true);

        public bool IsDuplicate => !IsOwner && InProgress is null;
    }

    // Being handled (with the task identical deliveries wait on, once one does), or handled and
    // last seen at SeenAt, and last due to renew at RenewedAt (null until its first duplicate).
    private struct Entry
    {
        public bool IsInProgress;
        public TaskCompletionSource? Outcome;
        public long SeenAt;
        public long? RenewedAt;
    }
}
