using Microsoft.Extensions.Logging;
using Smooven.Client.Diagnostics;

namespace Smooven.Client.Testing.Diagnostics;

/// <summary>What the emulator logs. Never a key, a signature or the credentials of a URL; bodies only at Debug.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(2001, LogLevel.Information, "Smooven emulator listening on {BaseAddress}.")]
    public static partial void Started(ILogger logger, Uri baseAddress);

    /// <summary>Give the callback URL through <see cref="UriUserInfo.Masked"/>: it may carry the webhook's basic-auth password.</summary>
    [LoggerMessage(2002, LogLevel.Information, "Accepted {NotificationId} for {UserId}: scenario {Scenario}, callbacks to {CallbackUrl}.")]
    public static partial void Accepted(ILogger logger, string notificationId, string? userId, EmulatorScenario scenario, string? callbackUrl);

    [LoggerMessage(2003, LogLevel.Information, "Replayed the answer for Idempotency-Key {IdempotencyKey}: {NotificationId}, no second delivery.")]
    public static partial void Replayed(ILogger logger, string idempotencyKey, string notificationId);

    [LoggerMessage(2004, LogLevel.Information, "Refused {Method} {Path} with {StatusCode} {ErrorCode}.")]
    public static partial void Refused(ILogger logger, string method, string path, int statusCode, string errorCode);

    [LoggerMessage(2005, LogLevel.Information, "Callback {Event} for {NotificationId} via {Channel}, attempt {Attempt}: {Result}.")]
    public static partial void CallbackSent(ILogger logger, CallbackEvent @event, string notificationId, Channel channel, int attempt, string result);

    [LoggerMessage(2006, LogLevel.Information, "Callback {Event} for {NotificationId} will be retried in {DelaySeconds} s.")]
    public static partial void CallbackRetryScheduled(ILogger logger, CallbackEvent @event, string notificationId, double delaySeconds);

    [LoggerMessage(2007, LogLevel.Warning, "Callback {Event} for {NotificationId} was not acknowledged after {Attempts} attempts; giving up as the service does.")]
    public static partial void CallbackAbandoned(ILogger logger, CallbackEvent @event, string notificationId, int attempts);

    [LoggerMessage(2008, LogLevel.Debug, "Callback body for {NotificationId}: {Body}")]
    public static partial void CallbackBody(ILogger logger, string notificationId, string body);

    [LoggerMessage(2009, LogLevel.Error, "The scenario selector threw for {NotificationId}; answering 500.")]
    public static partial void SelectorFailed(ILogger logger, string notificationId, Exception exception);

    [LoggerMessage(2010, LogLevel.Information, "Lost the answer for {NotificationId} to request {RequestId} on purpose (EmulatorFaults.LoseFirstNotifyAnswers): the connection is cut after the headers.")]
    public static partial void AnswerLost(ILogger logger, string notificationId, string requestId);
}
