using Microsoft.Extensions.Logging;

namespace Smooven.Client.Diagnostics;

/// <summary>What <see cref="DeliveryTracker"/> logs: notification ids and events, never a body.</summary>
internal static partial class TrackerLog
{
    [LoggerMessage(2002, LogLevel.Debug, "Dropped the history of {Count} notification(s), the first {NotificationId}: {Expired} kept for " +
        "DeliveryTrackerOptions.HistoryLifetime ({Lifetime}), {Dropped} the oldest beyond DeliveryTrackerOptions.HistoryCapacity ({Capacity}).")]
    public static partial void HistoryDropped(ILogger logger, int count, string notificationId, int expired, TimeSpan lifetime, int dropped, int capacity);

    [LoggerMessage(2005, LogLevel.Information, "No outcome arrived for notification {NotificationId} after {Waited} ({CallbackCount} callback(s) seen). " +
        "Check that Smooven's callbacks reach your webhook endpoint.")]
    public static partial void WaitTimedOut(ILogger logger, string notificationId, TimeSpan waited, int callbackCount);
}
