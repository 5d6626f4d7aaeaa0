using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smooven.Client.Serialization;

/// <summary>
/// Reads and writes an extensible enum as its plain string, so values this SDK does not
/// know yet survive a read and a write unchanged.
/// </summary>
internal sealed class ExtensibleEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleEnum<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a JSON string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        var value = reader.GetString();
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new JsonException($"A {typeof(T).Name} must not be an empty string.");
        }

        return T.FromWireValue(value);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
