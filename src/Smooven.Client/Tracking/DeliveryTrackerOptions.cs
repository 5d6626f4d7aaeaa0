namespace Smooven.Client;

/// <summary>
/// Limits of the buffer where <see cref="DeliveryTracker"/> keeps callbacks that arrive before
/// anyone waits for their notification (a callback can beat the notify response). Set them in
/// code, or with <c>services.Configure&lt;DeliveryTrackerOptions&gt;(...)</c> next to
/// <c>AddSmoovenClient</c>.
/// </summary>
public sealed class DeliveryTrackerOptions
{
    /// <summary>The default <see cref="EarlyCallbackCapacity"/>: 10,000 notifications.</summary>
    public const int DefaultEarlyCallbackCapacity = 10_000;

    /// <summary>The default <see cref="EarlyCallbackLifetime"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultEarlyCallbackLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many notifications may have early callbacks buffered at once. When one more arrives,
    /// the oldest notification's callbacks are dropped (counted in the
    /// <c>smooven.client.tracker.early_callbacks.evicted</c> metric and logged). Defaults to 10,000.
    /// </summary>
    public int EarlyCallbackCapacity { get; set; } = DefaultEarlyCallbackCapacity;

    /// <summary>
    /// How long early callbacks are kept for a wait to claim them, counted from the first callback
    /// of the notification. Callbacks of notifications sent with <c>NotifyAsync</c> alone are never
    /// claimed and leave after this time. Defaults to 5 minutes.
    /// </summary>
    public TimeSpan EarlyCallbackLifetime { get; set; } = DefaultEarlyCallbackLifetime;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public void Validate()
    {
        if (EarlyCallbackCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(EarlyCallbackCapacity),
                EarlyCallbackCapacity,
                "DeliveryTrackerOptions.EarlyCallbackCapacity must be at least 1, or callbacks that beat the notify response are lost.");
        }

        if (EarlyCallbackLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(EarlyCallbackLifetime),
                EarlyCallbackLifetime,
                "DeliveryTrackerOptions.EarlyCallbackLifetime must be positive; a few minutes covers the time a notify call takes to return.");
        }
    }
}
