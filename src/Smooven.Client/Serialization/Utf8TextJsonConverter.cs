using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smooven.Client.Serialization;

/// <summary>
/// Reads a JSON string as the UTF-8 bytes of its text, escapes undone, without making a string
/// of it: for long text that is kept but seldom read, such as a callback's intent. Text the
/// serializer would refuse as a string (a lone surrogate escaped as <c>\ud800</c>) is refused here too.
/// </summary>
internal sealed class Utf8TextJsonConverter : JsonConverter<byte[]>
{
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A JsonException without a message of its own: the serializer then adds where the value is
        // (path, line, byte), as for any other field; the inner exception says what was wrong.
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException(null, new InvalidOperationException($"Expected a JSON string, found {reader.TokenType}."));
        }

        // Callbacks are only read from one contiguous buffer (DeliveryCallbackReader), so a value is never split.
        Debug.Assert(!reader.HasValueSequence, "A callback is read from a span, never from a sequence.");
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.ToArray();
        }

        // Undoing escapes never makes the text longer.
        var unescaped = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(unescaped);
            return unescaped.AsSpan(0, length).ToArray();
        }
        catch (InvalidOperationException ex)
        {
            // Escaped text that is not valid UTF-16 (a lone surrogate), refused as for a string.
            throw new JsonException(null, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(unescaped);
        }
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
