namespace Smooven.Client;

/// <summary>
/// What is known so far about one notification, from <see cref="DeliveryTracker.GetStatus"/>: a
/// snapshot that later callbacks do not change.
/// </summary>
public sealed class NotificationStatus
{
    internal NotificationStatus(
        string notificationId, IReadOnlyList<DeliveryCallback> callbacks, DeliveryOutcome? outcome, DateTimeOffset lastUpdated)
    {
        NotificationId = notificationId;
        Callbacks = callbacks;
        Outcome = outcome;
        LastUpdated = lastUpdated;
    }

    /// <summary>The notification this is about.</summary>
    public string NotificationId { get; }

    /// <summary>Every distinct callback kept for the notification, in arrival order.</summary>
    public IReadOnlyList<DeliveryCallback> Callbacks { get; }

    /// <summary>The event of the callback that arrived last; null when none has.</summary>
    public CallbackEvent? LatestEvent => Callbacks.Count == 0 ? null : (CallbackEvent?)Callbacks[^1].Event;

    /// <summary>
    /// The furthest outcome reached so far, whatever the order of the callbacks: clicked, else opened, else
    /// delivered (a later event implies the earlier ones), else failed: evidence that the notification
    /// reached its recipient wins over <c>failed</c>, and <c>fallback</c> is no outcome. Null while the
    /// notification is in flight; never <see cref="DeliveryOutcome.TimedOut"/>, which only a wait can reach.
    /// </summary>
    public DeliveryOutcome? Outcome { get; }

    /// <summary>When the tracker last recorded a callback for the notification, on its clock.</summary>
    public DateTimeOffset LastUpdated { get; }

    /// <inheritdoc />
    public override string ToString() => $"{NotificationId}: {Outcome?.ToString() ?? "in flight"} after {Callbacks.Count} callback(s)";
}
