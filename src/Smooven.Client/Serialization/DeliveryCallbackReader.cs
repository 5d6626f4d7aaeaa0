using System.Text.Json;
using System.Text.Unicode;

namespace Smooven.Client.Serialization;

/// <summary>Turns a raw callback body into a <see cref="DeliveryCallback"/>, or says which field is wrong.</summary>
internal static class DeliveryCallbackReader
{
    public static DeliveryCallback Read(ReadOnlySpan<byte> utf8Json)
    {
        var payload = Deserialize(utf8Json)
            ?? throw new SmoovenCallbackFormatException("The callback body is JSON null, not a callback object.", null);

        if (payload.Event is not { } callbackEvent)
        {
            throw Missing("event");
        }

        if (string.IsNullOrEmpty(payload.NotificationId))
        {
            throw Missing("notification_id");
        }

        if (payload.Timestamp is not { } timestamp)
        {
            throw Missing("timestamp");
        }

        return new DeliveryCallback(
            callbackEvent,
            payload.NotificationId,
            payload.ChannelUsed,
            payload.Status,
            timestamp,
            payload.Recipient?.ToRecipient(),
            payload.Metadata?.ToMetadata(),
            payload.AdditionalProperties);
    }

    // The one place where what the serializer refuses becomes a SmoovenCallbackFormatException.
    // JsonException is how it reports bad input of every kind (not JSON, text that does not decode,
    // a value of the wrong type, nesting too deep, trailing data). Its NotSupportedException is about
    // the types, not the input, so every body would hit it; anything else would be a bug, left to surface.
    private static DeliveryCallbackPayload? Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        // The serializer decodes only the text it maps, so invalid bytes in a field kept as raw JSON
        // would pass; JSON is UTF-8 (RFC 8259), and a body that is not is refused as a whole.
        if (!Utf8.IsValid(utf8Json))
        {
            throw new SmoovenCallbackFormatException("The callback body is not valid UTF-8 text, so it is not JSON.", null);
        }

        try
        {
            return JsonSerializer.Deserialize(utf8Json, SmoovenJsonContext.Default.DeliveryCallbackPayload);
        }
        catch (JsonException ex)
        {
            var field = FieldFromPath(ex.Path);
            var message = field is null
                ? "The callback body is not a JSON object: " + ex.Message
                : $"The callback field '{field}' is malformed: {ex.Message}";
            throw new SmoovenCallbackFormatException(message, field, ex);
        }
    }

    private static SmoovenCallbackFormatException Missing(string field) =>
        new($"The callback has no '{field}' field; every Smooven status callback carries one.", field);

    // JsonException paths look like "$.timestamp" or "$.recipient.user_id"; "$" alone means the root.
    private static string? FieldFromPath(string? path) =>
        path is null || path.Length <= 2 || !path.StartsWith("$.", StringComparison.Ordinal) ? null : path[2..];
}
