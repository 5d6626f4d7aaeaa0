namespace Smooven.Client;

/// <summary>What became of one notification by the end of a wait.</summary>
public sealed class DeliveryResult
{
    internal DeliveryResult(
        string notificationId, DeliveryOutcome outcome, DeliveryCallback? finalCallback, IReadOnlyList<DeliveryCallback> callbacks)
    {
        NotificationId = notificationId;
        Outcome = outcome;
        FinalCallback = finalCallback;
        Callbacks = callbacks;
    }

    /// <summary>The notification waited for.</summary>
    public string NotificationId { get; }

    /// <summary>How the wait ended.</summary>
    public DeliveryOutcome Outcome { get; }

    /// <summary>Whether the notification reached its recipient (delivered, opened or clicked).</summary>
    public bool IsDelivered => Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.Opened or DeliveryOutcome.Clicked;

    /// <summary>The callback that ended the wait, null when it timed out; its event can be a later one than
    /// <see cref="Outcome"/> (see <see cref="SendAndWaitOptions.Until"/>).</summary>
    public DeliveryCallback? FinalCallback { get; }

    /// <summary>Every distinct callback seen for the notification up to the end of the wait, in arrival
    /// order, including those that came before the wait began.</summary>
    public IReadOnlyList<DeliveryCallback> Callbacks { get; }

    /// <inheritdoc />
    public override string ToString() => $"{NotificationId}: {Outcome} after {Callbacks.Count} callback(s)";
}
