using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smooven.Client.Serialization;

/// <summary>
/// The callback body as it arrives, every field optional, so that a missing field is
/// reported by name rather than as a generic JSON error.
/// </summary>
/// <remarks>
/// Settable properties all the way down: the serializer's plain object path costs less per
/// callback than binding constructor parameters (an argument array and boxed values per object).
/// </remarks>
internal sealed class DeliveryCallbackPayload
{
    public CallbackEvent? Event { get; set; }

    public string? NotificationId { get; set; }

    public Channel? ChannelUsed { get; set; }

    [JsonConverter(typeof(CallbackStatusJsonConverter))]
    public string? Status { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public RecipientPayload? Recipient { get; set; }

    public MetadataPayload? Metadata { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>The <c>recipient</c> object, read into a <see cref="CallbackRecipient"/>.</summary>
    internal sealed class RecipientPayload
    {
        public string? UserId { get; set; }

        public string? ChannelAddress { get; set; }

        public CallbackRecipient ToRecipient() => new(UserId, ChannelAddress);
    }

    /// <summary>The <c>metadata</c> object, read into a <see cref="CallbackMetadata"/>.</summary>
    internal sealed class MetadataPayload
    {
        [JsonConverter(typeof(Utf8TextJsonConverter))]
        public byte[]? Intent { get; set; }

        public Urgency? Urgency { get; set; }

        public CallbackMetadata ToMetadata() => new(Intent, Urgency);
    }
}
