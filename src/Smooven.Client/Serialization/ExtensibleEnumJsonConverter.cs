using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smooven.Client.Serialization;

/// <summary>
/// Reads and writes an extensible enum as its plain string, so values this SDK does not
/// know yet survive a read and a write unchanged. A value the SDK names is read as that very
/// value: no string is allocated for it, and comparing it with the named value is one reference check.
/// </summary>
internal sealed class ExtensibleEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleEnum<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A JsonException without a message of its own: the serializer then adds where the value is,
        // as for every other field, and the inner exception says what was wrong with it.
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException(null, new InvalidOperationException($"Expected a JSON string for {typeof(T).Name}, found {reader.TokenType}."));
        }

        if (KnownWireValues<T>.TryMatch(ref reader, out var known))
        {
            return known;
        }

        var value = reader.GetString();
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new JsonException(null, new InvalidOperationException($"A {typeof(T).Name} must not be an empty string."));
        }

        return T.FromWireValue(value);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
