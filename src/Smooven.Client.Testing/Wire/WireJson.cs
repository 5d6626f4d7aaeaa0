using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Smooven.Client.Testing.Wire;

/// <summary>
/// Writes the JSON the service sends, field by field with <see cref="Utf8JsonWriter"/>: no
/// reflection, so the emulator stays AOT-safe, and the field order is the contract's.
/// </summary>
internal static class WireJson
{
    // The bodies are not embedded in HTML, so '+' in "sarah+failed@example.com" need not become \u002B.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Accepted(string notificationId) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("notification_id", notificationId);
        writer.WriteString("status", "queued");
        writer.WriteEndObject();
    });

    public static byte[] Error(ApiError error) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("type", error.Type);
        writer.WriteString("code", error.Code);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>A status callback body, exactly the fields of wire-contract section 2 in its order.</summary>
    public static byte[] Callback(
        CallbackEvent @event,
        string notificationId,
        Channel channel,
        string status,
        DateTimeOffset timestamp,
        string? userId,
        string channelAddress,
        string intent,
        Urgency urgency) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("event", @event.ToString());
        writer.WriteString("notification_id", notificationId);
        writer.WriteString("channel_used", channel.ToString());
        writer.WriteString("status", status);
        writer.WriteString("timestamp", FormatTimestamp(timestamp));
        writer.WriteStartObject("recipient");
        writer.WriteString("user_id", userId);
        writer.WriteString("channel_address", channelAddress);
        writer.WriteEndObject();
        writer.WriteStartObject("metadata");
        writer.WriteString("intent", intent);
        writer.WriteString("urgency", urgency.ToString());
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>UTC to the second with a Z, as in <c>2026-03-05T08:00:15Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
