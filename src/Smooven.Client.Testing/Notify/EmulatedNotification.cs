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

    /// <summary>
    /// 1 for the first notify request this emulator took up, 2 for the next, and so on: a request sent
    /// after another's 202 always gets a higher number. A request replayed under the same
    /// Idempotency-Key is not counted again.
    /// </summary>
    /// <remarks>
    /// A request gets its number once it is found valid, before
    /// <see cref="SmoovenEmulatorOptions.ScenarioSelector"/> sees it, and keeps it even if it is then not
    /// accepted. So numbers are never given twice, but may skip one: when the selector throws (the
    /// caller gets a 500 <c>scenario_selector_failed</c>), or when two requests with one Idempotency-Key
    /// arrive together (both are numbered and shown to the selector; the first to finish is accepted,
    /// and the other replays its answer). Requests that overlap are numbered in the order they arrive
    /// but accepted as their selectors finish, so <see cref="SmoovenEmulator.Notifications"/> may list a
    /// slow one after a higher number.
    /// </remarks>
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
