namespace Smooven.Client;

/// <summary>How a wait for a notification's outcome ended.</summary>
// The tracker ranks Delivered < Opened < Clicked by their values: keep them in that order.
public enum DeliveryOutcome
{
    /// <summary>Smooven confirmed delivery.</summary>
    Delivered,

    /// <summary>Smooven reported a permanent failure.</summary>
    Failed,

    /// <summary>No ending event arrived within the timeout.</summary>
    TimedOut,

    /// <summary>The recipient opened the notification (only when the wait asked for it).</summary>
    Opened,

    /// <summary>The recipient clicked in the notification (only when the wait asked for it).</summary>
    Clicked,
}
