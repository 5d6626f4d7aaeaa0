using System.Text.Json;

namespace Smooven.Client.Testing;

/// <summary>A notify request the emulator accepted: what it was asked to send, and the id it gave it.</summary>
public sealed class EmulatedNotification
{
    internal EmulatedNotification(
        string notificationId,
        int sequenceNumber,
        string intent,
        Urgency urgency,
        string? userId,
        JsonElement? context,
        Uri? callbackUrl,
        string? idempotencyKey,
        DateTimeOffset acceptedAt)
    {
        NotificationId = notificationId;
        SequenceNumber = sequenceNumber;
        Intent = intent;
        Urgency = urgency;
        UserId = userId;
        Context = context;
        CallbackUrl = callbackUrl;
        IdempotencyKey = idempotencyKey;
        AcceptedAt = acceptedAt;
    }

    /// <summary>The id given in the 202 answer, such as <c>ntf_3kq9x0m2ab7c</c>.</summary>
    public string NotificationId { get; }

    /// <summary>1 for the first notification this emulator accepted, 2 for the next, and so on.
    /// A request replayed under the same Idempotency-Key is not counted again.</summary>
    public int SequenceNumber { get; }

    /// <summary>The <c>intent</c> of the request.</summary>
    public string Intent { get; }

    /// <summary>The <c>urgency</c> of the request; <see cref="Urgency.Normal"/> when it had none.</summary>
    public Urgency Urgency { get; }

    /// <summary>The <c>context.user_id</c> of the request, if it had one.</summary>
    public string? UserId { get; }

    /// <summary>The whole <c>context</c> object of the request, if it had one.</summary>
    public JsonElement? Context { get; }

    /// <summary>Where the status callbacks go; null when the request named no <c>callback_url</c>
    /// (then none is sent).</summary>
    public Uri? CallbackUrl { get; }

    /// <summary>The <c>Idempotency-Key</c> header of the request, if it had one.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>When the emulator accepted the request, on its <see cref="SmoovenEmulatorOptions.TimeProvider"/>.</summary>
    public DateTimeOffset AcceptedAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"{NotificationId} #{SequenceNumber} \"{Intent}\" for {UserId ?? "(no user_id)"}";
}
