using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smooven.Client.Serialization;

/// <summary>
/// The callback body as it arrives, every field optional, so that a missing field is
/// reported by name rather than as a generic JSON error.
/// </summary>
internal sealed class DeliveryCallbackPayload
{
    public CallbackEvent? Event { get; set; }

    public string? NotificationId { get; set; }

    public Channel? ChannelUsed { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public CallbackRecipient? Recipient { get; set; }

    public CallbackMetadata? Metadata { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
