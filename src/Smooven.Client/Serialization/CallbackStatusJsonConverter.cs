using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smooven.Client.Serialization;

/// <summary>
/// Reads a callback's <c>status</c>. The words of Smooven's own events come back as one shared
/// string each rather than a new one per callback (the tracker's history keeps every callback);
/// any other text is read as it is.
/// </summary>
internal sealed class CallbackStatusJsonConverter : JsonConverter<string>
{
    private static readonly (byte[] Utf8, string Text)[] Known =
        [.. new[] { "queued", "sent", "delivered", "failed", "fallback", "opened", "clicked" }.Select(static text => (Encoding.UTF8.GetBytes(text), text))];

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A JsonException without a message of its own: the serializer then adds where the value is
        // (path, line, byte), as for any other field; the inner exception says what was wrong.
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException(null, new InvalidOperationException($"Expected a JSON string, found {reader.TokenType}."));
        }

        // ValueTextEquals undoes escapes first, so "deliv\u0065red" is "delivered" too.
        foreach (var (utf8, text) in Known)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return text;
            }
        }

        return reader.GetString();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
