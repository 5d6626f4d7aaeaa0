using System.Net;
using Microsoft.Extensions.Logging;

namespace Smooven.Client.AspNetCore.Diagnostics;

/// <summary>What the webhook endpoint logs. Never a signature header, a key or a body.</summary>
internal static partial class WebhookLog
{
    /// <summary>
    /// The webhook's log category. It starts with <c>Smooven.Client</c>, as every category of the SDK
    /// does, so one <c>"Smooven.Client"</c> filter covers it; the extension class lives in
    /// <c>Microsoft.AspNetCore.Builder</c>, whose name would have escaped that filter.
    /// </summary>
    public const string Category = "Smooven.Client.AspNetCore.Webhook";

    // 2001 and 2002 are logged at Warning once a minute per reason (see WarningGate), 2010 and 2011 in between.
    [LoggerMessage(2001, LogLevel.Warning, "Refused a Smooven callback from {RemoteAddress} with 401: signature check said {Reason}. {QuietCount} more refused for this reason since the last such warning were logged at Debug (event 2010).")]
    public static partial void SignatureRefused(ILogger logger, IPAddress? remoteAddress, SignatureStatus reason, long quietCount);

    [LoggerMessage(2002, LogLevel.Warning, "Refused a Smooven callback from {RemoteAddress} with 413: the body is over the {MaxBodySize}-byte limit (SmoovenWebhookOptions.MaxBodySize). {QuietCount} more refused for size since the last such warning were logged at Debug (event 2011).")]
    public static partial void BodyTooLarge(ILogger logger, IPAddress? remoteAddress, long maxBodySize, long quietCount);

    [LoggerMessage(2010, LogLevel.Debug, "Refused a Smooven callback from {RemoteAddress} with 401: signature check said {Reason}.")]
    public static partial void SignatureRefusedQuietly(ILogger logger, IPAddress? remoteAddress, SignatureStatus reason);

    [LoggerMessage(2011, LogLevel.Debug, "Refused a Smooven callback from {RemoteAddress} with 413: the body is over the {MaxBodySize}-byte limit (SmoovenWebhookOptions.MaxBodySize).")]
    public static partial void BodyTooLargeQuietly(ILogger logger, IPAddress? remoteAddress, long maxBodySize);

    [LoggerMessage(2003, LogLevel.Warning, "Refused a validly signed Smooven callback with 400: it is not a status callback (field '{FieldName}').")]
    public static partial void NotACallback(ILogger logger, string fieldName);

    [LoggerMessage(2004, LogLevel.Debug, "Received {Event} for {NotificationId}.")]
    public static partial void Received(ILogger logger, CallbackEvent @event, string notificationId);

    [LoggerMessage(2005, LogLevel.Debug, "{Event} for {NotificationId} is a retried delivery already handled; answering 200 without handling it again.")]
    public static partial void Duplicate(ILogger logger, CallbackEvent @event, string notificationId);

    [LoggerMessage(2006, LogLevel.Error, "Callback handler {Handler} failed on {Event} for {NotificationId}; answering 500 so that Smooven retries the delivery.")]
    public static partial void HandlerFailed(ILogger logger, string handler, CallbackEvent @event, string notificationId, Exception exception);

    [LoggerMessage(2007, LogLevel.Error, "The delivery tracker failed on {Event} for {NotificationId}; tasks waiting in this process may not see it.")]
    public static partial void TrackerFailed(ILogger logger, CallbackEvent @event, string notificationId, Exception exception);

    [LoggerMessage(2008, LogLevel.Warning, "The backplane could not record {Event} for {NotificationId}; answering 503 so that Smooven retries the delivery.")]
    public static partial void BackplaneUnavailable(ILogger logger, CallbackEvent @event, string notificationId);

    [LoggerMessage(2009, LogLevel.Debug, "{Event} for {NotificationId} is being handled by another instance; answering 503 so that Smooven retries the delivery.")]
    public static partial void BusyElsewhere(ILogger logger, CallbackEvent @event, string notificationId);

    [LoggerMessage(2013, LogLevel.Warning, "The backplane could not renew {Event} for {NotificationId}, a duplicate answered 200 all the same; other instances may forget it a duplicate window after they last saw it.")]
    public static partial void RenewFailed(ILogger logger, CallbackEvent @event, string notificationId, Exception exception);

    // Logged once when the endpoint is mapped: a smaller window may be deliberate (memory), so it is not refused.
    [LoggerMessage(2012, LogLevel.Warning, "SmoovenWebhookOptions.DuplicateWindow ({DuplicateWindow}) is shorter than the signature tolerance of the webhook's CallbackVerifier ({SignatureTolerance}: SmoovenClientOptions.SignatureTolerance, unless the app registers a CallbackVerifier of its own): a signed delivery replayed after the window but within the tolerance passes the signature check and reaches the handlers again. Set DuplicateWindow to at least that tolerance, or lower the tolerance; a DuplicateWindow of zero turns duplicate detection off on purpose.")]
    public static partial void ReplayGap(ILogger logger, TimeSpan duplicateWindow, TimeSpan signatureTolerance);
}
