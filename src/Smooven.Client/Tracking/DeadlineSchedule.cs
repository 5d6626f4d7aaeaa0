namespace Smooven.Client.Tracking;

/// <summary>
/// The deadlines of a tracker's waits, built so that the common life of a wait (it starts, and a
/// callback ends it long before its deadline) costs one compare-and-swap here, no allocation and
/// no lock.
/// </summary>
/// <remarks>
/// <para>A wait with a timeout goes onto an inbox: a lock-free stack linked through the waits
/// themselves. <see cref="Drain"/>, which runs under the tracker's sweep lock, gives each wait
/// still waiting a <see cref="DeadlineEntry"/> in a <see cref="DeadlineHeap"/> and drops those
/// that ended meanwhile; the sweep then takes out the due ones. One timer serves all of them (see
/// <see cref="SweepTimer"/>); a wait has no timer of its own.</para>
/// <para>On a coarse clock (see <see cref="TrackerClock"/>) a wait enters the inbox with its
/// timeout, not its deadline, and the drain dates it: the clock is then read once per drain
/// rather than once per wait. A wait can only be dated later than it started, so its deadline is
/// never early; it is late by the time it spent in the inbox, which <see cref="DrainWithin"/> bounds.</para>
/// <para>The inbox is drained every <see cref="DrainEvery"/> waits by the caller, and in any case
/// within <see cref="DrainWithin"/> of becoming non-empty, by the timer: that bounds how long an
/// ended wait stays referenced from here. A wait that ends once in the heap only lets go of its
/// entry, and a drain that finds the heap more than half released drops them all in one pass:
/// released entries are bounded by the live ones plus <see cref="DrainEvery"/>, at amortised
/// constant cost each.</para>
/// </remarks>
internal sealed class DeadlineSchedule(TrackerClock clock)
{
    /// <summary>How many waits may queue up in the inbox before the caller drains it.</summary>
    public const int DrainEvery = 1024;

    /// <summary>How soon the timer drains an inbox that has become non-empty.</summary>
    public static readonly TimeSpan DrainWithin = TimeSpan.FromMilliseconds(16);

    private readonly DeadlineHeap _heap = new();
    private DeliveryWait? _inbox;

    // Only paces the drains: an increment lost to a race just delays one a little.
    private int _addedSinceDrain;

    /// <summary>The earliest deadline in the heap; under the sweep lock only, after <see cref="Drain"/>.</summary>
    public long EarliestDeadline => _heap.EarliestDeadline;

    /// <summary>Whether the inbox holds timeouts to be dated by the drain rather than deadlines.</summary>
    public bool DatesOnDrain => clock.IsCoarse;

    /// <summary>Puts a wait in the inbox. Thread-safe.</summary>
    /// <param name="wait">The wait, just registered.</param>
    /// <param name="due">Its deadline; or, when <see cref="DatesOnDrain"/>, its timeout in clock ticks.</param>
    /// <returns>What the caller must see to: a drain, a timer for the inbox, or nothing.</returns>
    public InboxChange Add(DeliveryWait wait, long due)
    {
        wait.DueAt = due;
        var head = Volatile.Read(ref _inbox);
        while (true)
        {
            wait.NextInInbox = head;
            var seen = Interlocked.CompareExchange(ref _inbox, wait, head);
            if (ReferenceEquals(seen, head))
            {
                break;
            }

            head = seen;
        }

        if (++_addedSinceDrain % DrainEvery == 0)
        {
            return InboxChange.DrainDue;
        }

        return head is null ? InboxChange.Started : InboxChange.None;
    }

    /// <summary>Moves the inbox into the heap, keeping only waits that still wait. Under the sweep lock only.</summary>
    /// <param name="pendingCount">The tracker's pending waits: the heap cannot hold more live entries.</param>
    public void Drain(int pendingCount)
    {
        _addedSinceDrain = 0;
        var wait = Interlocked.Exchange(ref _inbox, null);

        // Read after taking the inbox, so every wait in it started before this.
        var datedAt = wait is not null && DatesOnDrain ? clock.Now() : 0;
        while (wait is not null)
        {
            var next = wait.NextInInbox;
            wait.NextInInbox = null;
            if (!wait.HasEnded && ScheduleIfWaiting(wait, datedAt) is { } entry)
            {
                _heap.Add(entry);
            }

            wait = next;
        }

        if (_heap.Count > DrainEvery && _heap.Count > 2 * pendingCount)
        {
            _heap.RemoveReleased();
        }
    }

    private DeadlineEntry? ScheduleIfWaiting(DeliveryWait wait, long datedAt) => DatesOnDrain
        ? wait.Notification.TryScheduleDeadline(wait, TrackerClock.Later(datedAt, wait.DueAt), datedAt)
        : wait.Notification.TryScheduleDeadline(wait, wait.DueAt, null);

    /// <summary>Takes out the due waits still waiting, at most <paramref name="due"/>'s length. Under the sweep lock only.</summary>
    /// <returns>How many were taken.</returns>
    public int TakeDue(long now, Span<DeliveryWait?> due) => _heap.TakeDue(now, due);

    /// <summary>How many waits and entries the schedule holds, released ones included; for tests and diagnostics.</summary>
    public int RetainedCount()
    {
        var count = _heap.Count;
        for (var wait = Volatile.Read(ref _inbox); wait is not null; wait = wait.NextInInbox)
        {
            count++;
        }

        return count;
    }

    /// <summary>Forgets every deadline (the tracker is being disposed). Under the sweep lock only.</summary>
    public void Clear()
    {
        Interlocked.Exchange(ref _inbox, null);
        _heap.Clear();
    }
}

/// <summary>What putting a wait in the deadline inbox asks of the caller.</summary>
internal enum InboxChange
{
    /// <summary>Nothing: the inbox was already waiting for a drain.</summary>
    None,

    /// <summary>The inbox was empty: make sure the timer drains it within <see cref="DeadlineSchedule.DrainWithin"/>.</summary>
    Started,

    /// <summary>Enough waits have queued up: drain them now.</summary>
    DrainDue,
}
