namespace Smooven.Client;

/// <summary>
/// What is known so far about one notification: every distinct callback the tracker has kept for
/// it, in arrival order. Returned by <see cref="DeliveryTracker.GetStatus"/>; a snapshot that does
/// not change after it is taken.
/// </summary>
public sealed class NotificationStatus
{
    internal NotificationStatus(
        string notificationId,
        IReadOnlyList<DeliveryCallback> callbacks,
        DeliveryOutcome? outcome,
        DateTimeOffset lastUpdated)
    {
        NotificationId = notificationId;
        Callbacks = callbacks;
        Outcome = outcome;
        LastUpdated = lastUpdated;
    }

    /// <summary>The notification this is about.</summary>
    public string NotificationId { get; }

    /// <summary>Every distinct callback seen for the notification, in arrival order.</summary>
    public IReadOnlyList<DeliveryCallback> Callbacks { get; }

    /// <summary>The event of the callback that arrived last; null when none has.</summary>
    public CallbackEvent? LatestEvent => Callbacks.Count == 0 ? null : (CallbackEvent?)Callbacks[^1].Event;

    /// <summary>
    /// The furthest outcome reached so far, whatever the order callbacks arrived in:
    /// <see cref="DeliveryOutcome.Clicked"/>, else <see cref="DeliveryOutcome.Opened"/>, else
    /// <see cref="DeliveryOutcome.Delivered"/> (a later event implies the earlier ones), else
    /// <see cref="DeliveryOutcome.Failed"/>; null while the notification is still in flight.
    /// <c>failed</c> is permanent, but evidence that the notification reached its recipient wins over
    /// it; <c>fallback</c> (a change of channel) is never an outcome. Never
    /// <see cref="DeliveryOutcome.TimedOut"/>: only a wait can time out.
    /// </summary>
    public DeliveryOutcome? Outcome { get; }

    /// <summary>When the tracker last recorded a callback for the notification, on its clock.</summary>
    public DateTimeOffset LastUpdated { get; }

    /// <inheritdoc />
    public override string ToString() => $"{NotificationId}: {Outcome?.ToString() ?? "in flight"} after {Callbacks.Count} callback(s)";
}
