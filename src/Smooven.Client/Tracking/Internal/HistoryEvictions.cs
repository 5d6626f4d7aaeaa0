namespace Smooven.Client.Tracking.Internal;

/// <summary>
/// The notifications a stripe dropped from its history during one call, for the caller to count
/// and log once the stripe's lock is released.
/// </summary>
internal struct HistoryEvictions
{
    /// <summary>How many passed <see cref="DeliveryTrackerOptions.HistoryLifetime"/>, and the first of them.</summary>
    public int Expired { get; private set; }

    public string? FirstExpired { get; private set; }

    /// <summary>How many made room under <see cref="DeliveryTrackerOptions.HistoryCapacity"/>, and the first of them.</summary>
    public int Dropped { get; private set; }

    public string? FirstDropped { get; private set; }

    /// <summary>Whether the drop is worth a warning: at most one a minute for each stripe.</summary>
    public bool WarnFull { get; set; }

    public void AddExpired(string id)
    {
        FirstExpired ??= id;
        Expired++;
    }

    public void AddDropped(string id)
    {
        FirstDropped ??= id;
        Dropped++;
    }
}
