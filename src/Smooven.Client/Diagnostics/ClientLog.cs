using System.Net;
using Microsoft.Extensions.Logging;

namespace Smooven.Client.Diagnostics;

/// <summary>What <see cref="SmoovenClient"/> logs. Never a key, a signature or a message body.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(1001, LogLevel.Information, "Smooven accepted notification {NotificationId} (urgency {Urgency}).")]
    public static partial void NotifyAccepted(ILogger logger, string notificationId, Urgency urgency);

    [LoggerMessage(1002, LogLevel.Warning, "Notify attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms.")]
    public static partial void NotifyRetrying(ILogger logger, int attempt, string reason, double delayMs);

    [LoggerMessage(1003, LogLevel.Warning, "Smooven refused a notify request with {StatusCode} {ErrorCode}; request id {RequestId}.")]
    public static partial void NotifyRefused(ILogger logger, HttpStatusCode statusCode, string? errorCode, string? requestId);

    [LoggerMessage(1004, LogLevel.Warning, "Could not reach Smooven to notify.")]
    public static partial void NotifyUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(1005, LogLevel.Warning, "The notify request failed in a way that trying again would not fix; not retried.")]
    public static partial void NotifyUnsendable(ILogger logger, Exception exception);
}
