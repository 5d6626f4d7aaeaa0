using Microsoft.Extensions.Logging;

namespace Smooven.Client.Diagnostics;

/// <summary>What <see cref="DeliveryTracker"/> logs: notification ids and events, never a body.</summary>
internal static partial class TrackerLog
{
    [LoggerMessage(2002, LogLevel.Debug, "Dropped the history of notification {NotificationId} (and {Others} more): kept for {Lifetime}, DeliveryTrackerOptions.HistoryLifetime.")]
    public static partial void HistoryExpired(ILogger logger, string notificationId, int others, TimeSpan lifetime);

    [LoggerMessage(2003, LogLevel.Information, "Dropped the history of notification {NotificationId} (and {Others} more) to keep at most {Capacity} notifications: " +
        "usual under load, but a wait that starts after its callbacks, or GetStatus, no longer finds what was dropped. Raise DeliveryTrackerOptions.HistoryCapacity if that matters. Further drops within a minute are logged at debug level.")]
    public static partial void HistoryFull(ILogger logger, string notificationId, int others, int capacity);

    [LoggerMessage(2004, LogLevel.Debug, "Dropped the history of notification {NotificationId} (and {Others} more): the history is full ({Capacity}).")]
    public static partial void HistoryFullAgain(ILogger logger, string notificationId, int others, int capacity);

    [LoggerMessage(2005, LogLevel.Information, "No outcome arrived for notification {NotificationId} after {Waited} ({CallbackCount} callback(s) seen). " +
        "Check that Smooven's callbacks reach your webhook endpoint.")]
    public static partial void WaitTimedOut(ILogger logger, string notificationId, TimeSpan waited, int callbackCount);
}
