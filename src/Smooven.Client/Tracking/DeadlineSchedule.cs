namespace Smooven.Client.Tracking;

/// <summary>
/// The deadlines of a tracker's waits, built so that the common life of a wait (it starts, and a
/// callback ends it long before its deadline) costs one compare-and-swap here and no lock at all.
/// </summary>
/// <remarks>
/// <para>A new deadline goes onto an inbox, a lock-free stack of <see cref="DeadlineEntry"/>.
/// <see cref="Drain"/>, which runs under the tracker's sweep lock, moves the inbox into a
/// <see cref="DeadlineHeap"/>, dropping the entries whose wait ended meanwhile; the sweep then takes
/// out the due ones. One timer serves all of them (see <see cref="SweepTimer"/>); a wait has no
/// timer of its own.</para>
/// <para>A wait that ends only lets go of its entry. So that released entries cannot pile up,
/// <see cref="Add"/> asks its caller for a drain every <see cref="DrainEvery"/> deadlines, and a
/// drain that finds the heap more than half released drops them all in one pass: released entries
/// are bounded by the live ones plus <see cref="DrainEvery"/>, at amortised constant cost each.</para>
/// </remarks>
internal sealed class DeadlineSchedule
{
    /// <summary>How many deadlines may queue up in the inbox before a drain is asked for.</summary>
    public const int DrainEvery = 1024;

    private readonly DeadlineHeap _heap = new();
    private DeadlineEntry? _inbox;

    // Only paces the drains: an increment lost to a race just delays one a little.
    private int _addedSinceDrain;

    /// <summary>The earliest deadline in the heap; under the sweep lock only, after <see cref="Drain"/>.</summary>
    public long EarliestDeadline => _heap.EarliestDeadline;

    /// <summary>Gives a wait its deadline. Thread-safe.</summary>
    /// <returns>True when enough deadlines have queued up that the caller should <see cref="Drain"/> them.</returns>
    public bool Add(DeliveryWait wait, long deadline)
    {
        var entry = new DeadlineEntry(wait, deadline);
        wait.Deadline = entry;
        var head = Volatile.Read(ref _inbox);
        while (true)
        {
            entry.Next = head;
            var seen = Interlocked.CompareExchange(ref _inbox, entry, head);
            if (ReferenceEquals(seen, head))
            {
                break;
            }

            head = seen;
        }

        return ++_addedSinceDrain % DrainEvery == 0;
    }

    /// <summary>Moves the inbox into the heap, keeping only entries whose wait still waits. Under the sweep lock only.</summary>
    /// <param name="pendingCount">The tracker's pending waits: the heap cannot hold more live entries.</param>
    public void Drain(int pendingCount)
    {
        _addedSinceDrain = 0;
        var entry = Interlocked.Exchange(ref _inbox, null);
        while (entry is not null)
        {
            var next = entry.Next;
            entry.Next = null;
            if (entry.LiveWait is not null)
            {
                _heap.Add(entry);
            }

            entry = next;
        }

        if (_heap.Count > DrainEvery && _heap.Count > 2 * pendingCount)
        {
            _heap.RemoveReleased();
        }
    }

    /// <summary>Takes out the due waits still waiting, at most <paramref name="due"/>'s length. Under the sweep lock only.</summary>
    /// <returns>How many were taken.</returns>
    public int TakeDue(long now, Span<DeliveryWait?> due) => _heap.TakeDue(now, due);

    /// <summary>How many entries the schedule holds, released ones included; for tests and diagnostics.</summary>
    public int RetainedCount()
    {
        var count = _heap.Count;
        for (var entry = Volatile.Read(ref _inbox); entry is not null; entry = entry.Next)
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
