namespace Smooven.Client.Testing;

/// <summary>One POST of a status callback to a callback URL, and what the receiver answered.</summary>
public sealed class CallbackAttempt
{
    internal CallbackAttempt(
        string notificationId,
        CallbackEvent @event,
        Channel channel,
        int attemptNumber,
        bool isDuplicate,
        Uri callbackUrl,
        string body,
        string signatureHeader,
        DateTimeOffset sentAt,
        int? statusCode,
        string? error)
    {
        NotificationId = notificationId;
        Event = @event;
        Channel = channel;
        AttemptNumber = attemptNumber;
        IsDuplicate = isDuplicate;
        CallbackUrl = callbackUrl;
        Body = body;
        SignatureHeader = signatureHeader;
        SentAt = sentAt;
        StatusCode = statusCode;
        Error = error;
    }

    /// <summary>The notification the callback is about.</summary>
    public string NotificationId { get; }

    /// <summary>The callback's event.</summary>
    public CallbackEvent Event { get; }

    /// <summary>The callback's <c>channel_used</c>.</summary>
    public Channel Channel { get; }

    /// <summary>1 for the first delivery of this callback, 2 to 4 for its retries.</summary>
    public int AttemptNumber { get; }

    /// <summary>Whether this POST was an injected duplicate (<see cref="EmulatorFaults.DuplicateCallbacks"/>).</summary>
    public bool IsDuplicate { get; }

    /// <summary>Where the callback was POSTed.</summary>
    public Uri CallbackUrl { get; }

    /// <summary>The body sent, as UTF-8 text; identical on every attempt of one callback.</summary>
    public string Body { get; }

    /// <summary>The <c>X-Smooven-Signature</c> header sent with this attempt, signed at <see cref="SentAt"/>.</summary>
    public string SignatureHeader { get; }

    /// <summary>When the attempt was signed and sent, on the emulator's clock.</summary>
    public DateTimeOffset SentAt { get; }

    /// <summary>The receiver's HTTP status; null when it did not answer in time or could not be reached.</summary>
    public int? StatusCode { get; }

    /// <summary>Why there is no status, such as a timeout or a refused connection.</summary>
    public string? Error { get; }

    /// <summary>Whether the receiver answered 2xx, so the callback counts as delivered.</summary>
    public bool IsAcknowledged => StatusCode is >= 200 and < 300;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Event} {NotificationId} attempt {AttemptNumber}{(IsDuplicate ? " (duplicate)" : string.Empty)} -> {StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Error}";
}
