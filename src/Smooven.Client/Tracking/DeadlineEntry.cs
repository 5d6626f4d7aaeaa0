namespace Smooven.Client.Tracking;

/// <summary>
/// A wait's deadline as the heap of <see cref="DeadlineSchedule"/> holds it, once a drain has moved
/// the wait out of the inbox. A wait that ends lets go of its entry (see <see cref="Release"/>)
/// instead of taking it out of the heap, which would cost a lock; the sweep drops released entries
/// as it comes across them. The entry is all that stays behind meanwhile, so an ended wait, its
/// task and its result are not kept alive by a deadline that is still far off.
/// </summary>
internal sealed class DeadlineEntry(DeliveryWait wait, long deadline)
{
    private DeliveryWait? _wait = wait;

    public long Deadline { get; } = deadline;

    /// <summary>The wait, while it still waits; null once it has ended.</summary>
    public DeliveryWait? LiveWait => Volatile.Read(ref _wait) is { HasEnded: false } wait ? wait : null;

    /// <summary>Called by a wait as it ends.</summary>
    public void Release() => Volatile.Write(ref _wait, null);
}
