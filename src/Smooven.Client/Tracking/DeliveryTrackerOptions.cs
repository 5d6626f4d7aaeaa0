namespace Smooven.Client;

/// <summary>
/// How much <see cref="DeliveryTracker"/> remembers of recent notifications: every callback it is
/// given is kept, de-duplicated and in arrival order, so that a wait that starts after its callbacks
/// (a callback can beat the notify response) still sees them, and so that
/// <see cref="DeliveryTracker.GetStatus"/> can answer. Set them in code, or with
/// <c>services.Configure&lt;DeliveryTrackerOptions&gt;(...)</c> next to <c>AddSmoovenClient</c>.
/// </summary>
public sealed class DeliveryTrackerOptions
{
    /// <summary>The default <see cref="HistoryCapacity"/>: 10,000 notifications.</summary>
    public const int DefaultHistoryCapacity = 10_000;

    /// <summary>The default <see cref="HistoryLifetime"/>: 1 hour.</summary>
    public static readonly TimeSpan DefaultHistoryLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// How many notifications the history holds at most; beyond it the one whose latest callback is
    /// oldest is dropped (counted in the <c>smooven.client.tracker.history.evicted</c> metric, tagged
    /// <c>reason</c> <c>capacity</c>, and logged). A notification with a wait still pending is never
    /// dropped. The tracker splits its state into stripes, a power of two near the processor count,
    /// and enforces the capacity per stripe: each holds at most the capacity divided by the stripe
    /// count, rounded up, so the history holds at most the capacity rounded up to a multiple of the
    /// stripe count, and the one dropped is the oldest of its stripe. At least 1; defaults to 10,000.
    /// </summary>
    public int HistoryCapacity { get; set; } = DefaultHistoryCapacity;

    /// <summary>
    /// How long a notification's callbacks are kept, counted from the latest one the tracker was
    /// given, so a late <c>clicked</c> is kept as long as an early <c>delivered</c> (tagged
    /// <c>reason</c> <c>expired</c> in the same metric once dropped). A wait still pending keeps them
    /// for as long as it lasts. Positive; defaults to 1 hour.
    /// </summary>
    public TimeSpan HistoryLifetime { get; set; } = DefaultHistoryLifetime;
}
