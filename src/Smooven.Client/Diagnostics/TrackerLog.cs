using Microsoft.Extensions.Logging;

namespace Smooven.Client.Diagnostics;

/// <summary>What <see cref="DeliveryTracker"/> logs: notification ids and events, never a body.</summary>
internal static partial class TrackerLog
{
    [LoggerMessage(2001, LogLevel.Debug, "Kept early callback {Event} for notification {NotificationId}: no wait is registered for it yet.")]
    public static partial void EarlyCallbackKept(ILogger logger, CallbackEvent @event, string notificationId);

    [LoggerMessage(2002, LogLevel.Debug, "Dropped the early callbacks of notification {NotificationId}: no wait registered for it within {Lifetime}.")]
    public static partial void EarlyCallbacksExpired(ILogger logger, string notificationId, TimeSpan lifetime);

    [LoggerMessage(2003, LogLevel.Warning, "Dropped the early callbacks of notification {NotificationId} (and {Others} more since the last warning): " +
        "the early buffer holds {Capacity} notifications at most. Raise DeliveryTrackerOptions.EarlyCallbackCapacity if waits register that late.")]
    public static partial void EarlyBufferFull(ILogger logger, string notificationId, long others, int capacity);

    [LoggerMessage(2004, LogLevel.Debug, "Dropped the early callbacks of notification {NotificationId}: the early buffer is full ({Capacity}).")]
    public static partial void EarlyBufferFullAgain(ILogger logger, string notificationId, int capacity);

    [LoggerMessage(2005, LogLevel.Information, "No outcome arrived for notification {NotificationId} after {Waited} ({CallbackCount} callback(s) seen). " +
        "Check that Smooven's callbacks reach your webhook endpoint.")]
    public static partial void WaitTimedOut(ILogger logger, string notificationId, TimeSpan waited, int callbackCount);
}
