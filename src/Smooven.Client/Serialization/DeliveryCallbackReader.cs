using System.Text.Json;

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
            payload.Recipient,
            payload.Metadata,
            payload.AdditionalProperties);
    }

    private static DeliveryCallbackPayload? Deserialize(ReadOnlySpan<byte> utf8Json)
    {
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
