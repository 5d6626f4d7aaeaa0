using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Smooven.Client.Serialization;

/// <summary>
/// Writes <see cref="NotifyContext"/> as one flat object: <c>user_id</c> beside the free-form
/// properties. (The source generator's extension-data path for <see cref="JsonObject"/> nests
/// the object instead of flattening it, which Smooven would not understand.)
/// </summary>
internal sealed class NotifyContextJsonConverter : JsonConverter<NotifyContext>
{
    private static readonly JsonEncodedText UserIdName = JsonEncodedText.Encode("user_id");

    public override NotifyContext Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader) as JsonObject
            ?? throw new JsonException("The context must be a JSON object.");
        var context = new NotifyContext();
        foreach (var (name, value) in node)
        {
            if (name == "user_id")
            {
                context.UserId = value?.GetValue<string>();
            }
            else
            {
                context.AdditionalProperties[name] = value?.DeepClone();
            }
        }

        return context;
    }

    public override void Write(Utf8JsonWriter writer, NotifyContext value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        if (value.UserId is not null)
        {
            writer.WriteString(UserIdName, value.UserId);
        }

        foreach (var (name, property) in value.AdditionalProperties)
        {
            writer.WritePropertyName(name);
            if (property is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
