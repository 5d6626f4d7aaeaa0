using System.Text;
using System.Text.Json;

namespace Smooven.Client.Serialization;

/// <summary>
/// Reads a callback in the shape Smooven sends (the documented fields, each at most once, of the
/// expected JSON types, nothing else at the top level) straight off a <see cref="Utf8JsonReader"/>,
/// several times faster than the serializer. Anything else, malformed or merely unusual, gets
/// null, and the serializer reads it: the result, and every error, stays exactly the serializer's.
/// </summary>
internal static class CommonCallbackReader
{
    // Known statuses come back as shared strings, so a callback does not keep copies of them.
    private static readonly string[] KnownStatuses = ["delivered", "sent", "queued", "failed", "opened", "clicked", "fallback"];

    private static readonly byte[][] KnownStatusBytes = Array.ConvertAll(KnownStatuses, Encoding.UTF8.GetBytes);

    [Flags]
    private enum Fields
    {
        None = 0,
        Event = 1,
        NotificationId = 2,
        ChannelUsed = 4,
        Status = 8,
        Timestamp = 16,
        Recipient = 32,
        Metadata = 64,
    }

    /// <summary>The callback, or null when the serializer must read the body.</summary>
    public static DeliveryCallback? TryRead(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            return TryRead(ref reader);
        }
        catch (JsonException)
        {
            // Not well-formed JSON: the serializer says where.
            return null;
        }
    }

    private static DeliveryCallback? TryRead(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var seen = Fields.None;
        CallbackEvent callbackEvent = default;
        string? notificationId = null;
        Channel? channelUsed = null;
        string? status = null;
        DateTimeOffset timestamp = default;
        CallbackRecipient? recipient = null;
        CallbackMetadata? metadata = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            if (field == Fields.None || (seen & field) != 0 || !reader.Read())
            {
                // Extra fields go to AdditionalProperties, and a repeated one is the serializer's call.
                return null;
            }

            seen |= field;
            var ok = field switch
            {
                Fields.Event => TryReadKnownOrNew(ref reader, out callbackEvent),
                Fields.NotificationId => TryReadRequiredString(ref reader, out notificationId),
                Fields.ChannelUsed => TryReadOptional(ref reader, out channelUsed),
                Fields.Status => TryReadStatus(ref reader, out status),
                Fields.Timestamp => reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out timestamp),
                Fields.Recipient => TryReadRecipient(ref reader, out recipient),
                _ => TryReadMetadata(ref reader, out metadata),
            };
            if (!ok)
            {
                return null;
            }
        }

        // Only white space may follow the object; the reader throws on anything else.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return null;
        }

        const Fields Required = Fields.Event | Fields.NotificationId | Fields.Timestamp;
        return (seen & Required) == Required
            ? new DeliveryCallback(callbackEvent, notificationId!, channelUsed, status, timestamp, recipient, metadata, null)
            : null;
    }

    private static Fields FieldOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("event"u8) ? Fields.Event
        : reader.ValueTextEquals("notification_id"u8) ? Fields.NotificationId
        : reader.ValueTextEquals("channel_used"u8) ? Fields.ChannelUsed
        : reader.ValueTextEquals("status"u8) ? Fields.Status
        : reader.ValueTextEquals("timestamp"u8) ? Fields.Timestamp
        : reader.ValueTextEquals("recipient"u8) ? Fields.Recipient
        : reader.ValueTextEquals("metadata"u8) ? Fields.Metadata
        : Fields.None;

    private static bool TryReadRequiredString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return !string.IsNullOrEmpty(value);
    }

    private static bool TryReadOptionalString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null || reader.TokenType == JsonTokenType.Null;
    }

    private static bool TryReadStatus(ref Utf8JsonReader reader, out string? status)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < KnownStatusBytes.Length; i++)
            {
                if (reader.ValueTextEquals(KnownStatusBytes[i]))
                {
                    status = KnownStatuses[i];
                    return true;
                }
            }
        }

        return TryReadOptionalString(ref reader, out status);
    }

    private static bool TryReadOptional<T>(ref Utf8JsonReader reader, out T? value)
        where T : struct, IExtensibleEnum<T>
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (!TryReadKnownOrNew(ref reader, out T read))
        {
            return false;
        }

        value = read;
        return true;
    }

    // As ExtensibleEnumJsonConverter reads them; an empty or blank value is left to it to refuse.
    private static bool TryReadKnownOrNew<T>(ref Utf8JsonReader reader, out T value)
        where T : struct, IExtensibleEnum<T>
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (KnownWireValues<T>.TryMatch(ref reader, out value))
        {
            return true;
        }

        var text = reader.GetString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        value = T.FromWireValue(text);
        return true;
    }

    private static bool TryReadRecipient(ref Utf8JsonReader reader, out CallbackRecipient? recipient)
    {
        recipient = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? userId = null, channelAddress = null;
        bool hasUserId = false, hasChannelAddress = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("user_id"u8))
            {
                if (hasUserId || !reader.Read() || !TryReadOptionalString(ref reader, out userId))
                {
                    return false;
                }

                hasUserId = true;
            }
            else if (reader.ValueTextEquals("channel_address"u8))
            {
                if (hasChannelAddress || !reader.Read() || !TryReadOptionalString(ref reader, out channelAddress))
                {
                    return false;
                }

                hasChannelAddress = true;
            }
            else
            {
                // Nested fields the SDK does not model are ignored, as the serializer does.
                reader.Skip();
            }
        }

        recipient = new CallbackRecipient(userId, channelAddress);
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool TryReadMetadata(ref Utf8JsonReader reader, out CallbackMetadata? metadata)
    {
        metadata = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? intent = null;
        byte[]? asciiIntent = null;
        Urgency? urgency = null;
        bool hasIntent = false, hasUrgency = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("intent"u8))
            {
                if (hasIntent || !reader.Read())
                {
                    return false;
                }

                // The longest text of a callback, and plain ASCII in the usual case: kept as it came.
                if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && Ascii.IsValid(reader.ValueSpan))
                {
                    asciiIntent = reader.ValueSpan.ToArray();
                    intent = null;
                }
                else if (TryReadOptionalString(ref reader, out intent))
                {
                    asciiIntent = null;
                }
                else
                {
                    return false;
                }

                hasIntent = true;
            }
            else if (reader.ValueTextEquals("urgency"u8))
            {
                if (hasUrgency || !reader.Read() || !TryReadOptional(ref reader, out urgency))
                {
                    return false;
                }

                hasUrgency = true;
            }
            else
            {
                reader.Skip();
            }
        }

        metadata = asciiIntent is null ? new CallbackMetadata(intent, urgency) : new CallbackMetadata(asciiIntent, urgency);
        return reader.TokenType == JsonTokenType.EndObject;
    }
}
