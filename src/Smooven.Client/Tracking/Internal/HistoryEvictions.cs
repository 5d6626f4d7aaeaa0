namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// The notifications a stripe dropped from its history during one call, for the caller to count
/// and log once the stripe's lock is released.
/// </summary>
internal struct HistoryEvictions
{
    /// <summary>How many passed <see cref="DeliveryTrackerOptions.HistoryLifetime"/>.</summary>
    public int Expired { get; set; }

    /// <summary>How many made room under <see cref="DeliveryTrackerOptions.HistoryCapacity"/>.</summary>
    public int Dropped { get; set; }

    /// <summary>The first notification dropped either way, for the log.</summary>
    public string? First { get; set; }
}
