using System.Net;
using System.Text.Json;

namespace Smooven.Client;

/// <summary>
/// Builds any model the SDK returns, for your unit tests: mock <see cref="SmoovenClient"/>
/// (its methods are virtual) and return these.
/// </summary>
public static class SmoovenModelFactory
{
    /// <summary>Builds a <see cref="Client.NotifyResponse"/>.</summary>
    /// <param name="notificationId">The id, such as <c>ntf_abc123def456</c>.</param>
    /// <param name="status">The status at acceptance.</param>
    /// <returns>The response.</returns>
    public static NotifyResponse NotifyResponse(string notificationId, string? status = "queued") => new(notificationId, status);

    /// <summary>Builds a <see cref="Client.DeliveryCallback"/>.</summary>
    /// <param name="event">What happened.</param>
    /// <param name="notificationId">The notification it is about.</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="channelUsed">The channel used.</param>
    /// <param name="status">The status in Smooven's words; derived from the event when null.</param>
    /// <param name="recipient">Who it was for.</param>
    /// <param name="metadata">The intent and urgency sent.</param>
    /// <param name="additionalProperties">Fields the SDK does not model.</param>
    /// <returns>The callback.</returns>
    /// <exception cref="ArgumentException"><paramref name="notificationId"/> is null or empty.</exception>
    public static DeliveryCallback DeliveryCallback(
        CallbackEvent @event,
        string notificationId,
        DateTimeOffset timestamp,
        Channel? channelUsed = null,
        string? status = null,
        CallbackRecipient? recipient = null,
        CallbackMetadata? metadata = null,
        IReadOnlyDictionary<string, JsonElement>? additionalProperties = null)
    {
        // Every callback Parse reads has one; a tracker fed one without it could not file it.
        ArgumentException.ThrowIfNullOrEmpty(notificationId);
        return new(@event, notificationId, channelUsed, status ?? StatusOf(@event), timestamp, recipient, metadata, additionalProperties);
    }

    /// <summary>Builds a <see cref="Client.CallbackRecipient"/>.</summary>
    /// <param name="userId">The recipient's user id.</param>
    /// <param name="channelAddress">The address the channel used.</param>
    /// <returns>The recipient.</returns>
    public static CallbackRecipient CallbackRecipient(string? userId, string? channelAddress) => new(userId, channelAddress);

    /// <summary>Builds a <see cref="Client.CallbackMetadata"/>.</summary>
    /// <param name="intent">The intent sent.</param>
    /// <param name="urgency">The urgency sent.</param>
    /// <returns>The metadata.</returns>
    public static CallbackMetadata CallbackMetadata(string? intent, Urgency? urgency) => new(intent, urgency);

    /// <summary>Builds a <see cref="Client.NotificationStatus"/>.</summary>
    /// <param name="notificationId">The notification it is about.</param>
    /// <param name="callbacks">The callbacks seen, in arrival order.</param>
    /// <param name="outcome">The furthest outcome reached; null while in flight.</param>
    /// <param name="lastUpdated">When the last callback was recorded.</param>
    /// <returns>The status.</returns>
    public static NotificationStatus NotificationStatus(
        string notificationId,
        IReadOnlyList<DeliveryCallback> callbacks,
        DeliveryOutcome? outcome,
        DateTimeOffset lastUpdated) =>
        new(notificationId, callbacks, outcome, lastUpdated);

    /// <summary>Builds a <see cref="Client.DeliveryResult"/>.</summary>
    /// <param name="notificationId">The notification waited for.</param>
    /// <param name="outcome">How the wait ended.</param>
    /// <param name="callbacks">The callbacks seen, in arrival order; the last one ends the wait unless it timed out.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult DeliveryResult(string notificationId, DeliveryOutcome outcome, IReadOnlyList<DeliveryCallback>? callbacks = null)
    {
        callbacks ??= [];
        var final = outcome == DeliveryOutcome.TimedOut || callbacks.Count == 0 ? null : callbacks[^1];
        return new(notificationId, outcome, final, callbacks);
    }

    /// <summary>Builds a <see cref="SmoovenApiException"/> as the client would throw it.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorType">The error type, such as <c>invalid_request</c>.</param>
    /// <param name="errorCode">The error code.</param>
    /// <param name="errorMessage">The error message.</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="retryAfter">The Retry-After delay.</param>
    /// <returns>The exception.</returns>
    public static SmoovenApiException ApiException(
        HttpStatusCode statusCode,
        string? errorType = null,
        string? errorCode = null,
        string? errorMessage = null,
        string? requestId = null,
        TimeSpan? retryAfter = null) =>
        new(statusCode, errorType, errorCode, errorMessage, requestId, null, retryAfter);

    private static string? StatusOf(CallbackEvent @event)
    {
        var value = @event.ToString();
        var dot = value.LastIndexOf('.');
        return dot < 0 ? value : value[(dot + 1)..];
    }
}
