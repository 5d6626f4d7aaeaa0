using System.Collections.ObjectModel;
using System.Text.Json;
using Smooven.Client.Serialization;

namespace Smooven.Client;

/// <summary>
/// One status callback from Smooven: what happened to which notification, when and how.
/// Events, channels and top-level fields this SDK does not know yet are kept, never refused
/// (<see cref="AdditionalProperties"/>); unknown fields inside <c>recipient</c> or <c>metadata</c> are ignored.
/// </summary>
public sealed class DeliveryCallback
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoAdditionalProperties =
        ReadOnlyDictionary<string, JsonElement>.Empty;

    internal DeliveryCallback(
        CallbackEvent @event,
        string notificationId,
        Channel? channelUsed,
        string? status,
        DateTimeOffset timestamp,
        CallbackRecipient? recipient,
        CallbackMetadata? metadata,
        IReadOnlyDictionary<string, JsonElement>? additionalProperties)
    {
        Event = @event;
        NotificationId = notificationId;
        ChannelUsed = channelUsed;
        Status = status;
        Timestamp = timestamp;
        Recipient = recipient;
        Metadata = metadata;
        AdditionalProperties = additionalProperties ?? NoAdditionalProperties;
    }

    /// <summary>What happened, such as <see cref="CallbackEvent.Delivered"/>.</summary>
    public CallbackEvent Event { get; }

    /// <summary>The notification this callback is about.</summary>
    public string NotificationId { get; }

    /// <summary>The channel Smooven used, when the callback says.</summary>
    public Channel? ChannelUsed { get; }

    /// <summary>The notification's status in Smooven's words, such as <c>delivered</c>.</summary>
    public string? Status { get; }

    /// <summary>When the event happened, as Smooven reports it.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Who the notification was for and the address used.</summary>
    public CallbackRecipient? Recipient { get; }

    /// <summary>The intent and urgency the notification was sent with.</summary>
    public CallbackMetadata? Metadata { get; }

    /// <summary>Top-level fields this SDK does not model, kept as they arrived.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties { get; }

    /// <summary>Whether this event settles a delivery: <c>delivered</c> or <c>failed</c>.</summary>
    public bool IsTerminal => Event == CallbackEvent.Delivered || Event == CallbackEvent.Failed;

    /// <summary>
    /// Reads a status callback from the raw UTF-8 request body. Verify the signature first:
    /// <see cref="CallbackVerifier.Verify"/> does both.
    /// </summary>
    /// <param name="utf8Json">The request body exactly as received.</param>
    /// <returns>The callback.</returns>
    /// <exception cref="SmoovenCallbackFormatException">The body is not a callback: not UTF-8, not a
    /// JSON object, or <c>event</c>, <c>notification_id</c> or <c>timestamp</c> is missing, or a field
    /// is malformed; <see cref="SmoovenCallbackFormatException.FieldName"/> names the field when one is
    /// to blame. This is the only exception <c>Parse</c> throws, whatever the bytes.</exception>
    public static DeliveryCallback Parse(ReadOnlySpan<byte> utf8Json) => DeliveryCallbackReader.Read(utf8Json);

    /// <inheritdoc />
    public override string ToString() => $"{Event} {NotificationId} via {ChannelUsed?.ToString() ?? "?"} at {Timestamp:O}";
}
