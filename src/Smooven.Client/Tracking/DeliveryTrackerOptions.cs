namespace Smooven.Client;

/// <summary>
/// How much <see cref="DeliveryTracker"/> remembers of recent notifications: every callback it is given,
/// de-duplicated and in arrival order, so that a wait that starts after its callbacks still sees them and
/// <see cref="DeliveryTracker.GetStatus"/> can answer. Set in code, or with
/// <c>services.Configure&lt;DeliveryTrackerOptions&gt;(...)</c> next to <c>AddSmoovenClient</c>.
/// </summary>
public sealed class DeliveryTrackerOptions
{
    /// <summary>The default <see cref="HistoryCapacity"/>: 10,000 notifications.</summary>
    public const int DefaultHistoryCapacity = 10_000;

    /// <summary>The default <see cref="HistoryLifetime"/>: 1 hour.</summary>
    public static readonly TimeSpan DefaultHistoryLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// How many notifications the history holds at most (at least 1; 10,000 by default). Beyond it, the
    /// one whose latest callback is oldest is dropped, logged and counted in the
    /// <c>smooven.client.tracker.history.evicted</c> metric with <c>reason</c> <c>capacity</c>; one with
    /// a wait pending never is. The capacity is shared evenly by the tracker's stripes (a power of two near
    /// the processor count), each dropping its own oldest, and rounded up to a multiple of their count.
    /// </summary>
    public int HistoryCapacity { get; set; } = DefaultHistoryCapacity;

    /// <summary>
    /// How long a notification's callbacks are kept after the latest one (positive; 1 hour by default),
    /// so a late <c>clicked</c> is kept as long as an early <c>delivered</c>; dropped ones are counted in
    /// the same metric with <c>reason</c> <c>expired</c>. A pending wait keeps them while it lasts.
    /// </summary>
    public TimeSpan HistoryLifetime { get; set; } = DefaultHistoryLifetime;
}
