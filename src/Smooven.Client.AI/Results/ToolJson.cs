using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Smooven.Client.AI.Results;

/// <summary>Source-generated JSON for the tools' results: snake_case, compact, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ToolResult))]
internal sealed partial class ToolJsonContext : JsonSerializerContext
{
}

/// <summary>Serialization of results, and the options handed to Microsoft.Extensions.AI.</summary>
internal static class ToolJson
{
    /// <summary>The tools' own types first, then whatever Microsoft.Extensions.AI knows: AOT-safe throughout.</summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static JsonElement ToElement(ToolResult result) =>
        JsonSerializer.SerializeToElement(result, ToolJsonContext.Default.ToolResult);

    public static string ToText(ToolResult result) =>
        JsonSerializer.Serialize(result, ToolJsonContext.Default.ToolResult);

    /// <summary>Parses a schema written by hand in this assembly.</summary>
    public static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ToolJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ToolJsonContext.Default, AIJsonUtilities.DefaultOptions.TypeInfoResolver),
        };
        options.MakeReadOnly();
        return options;
    }
}
