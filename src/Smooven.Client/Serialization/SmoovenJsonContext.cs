using System.Text.Json.Serialization;

namespace Smooven.Client.Serialization;

/// <summary>
/// The one JSON context of the SDK: source-generated, so nothing is reflected over at run
/// time and the library stays trimming- and AOT-safe.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NotifyRequestPayload))]
[JsonSerializable(typeof(NotifyResponse))]
[JsonSerializable(typeof(ApiErrorEnvelope))]
[JsonSerializable(typeof(DeliveryCallbackPayload))]
internal sealed partial class SmoovenJsonContext : JsonSerializerContext
{
}
