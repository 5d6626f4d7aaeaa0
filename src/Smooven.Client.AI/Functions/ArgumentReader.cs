using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Smooven.Client.AI.Functions;

/// <summary>
/// Reads tool arguments whatever shape they came in: JSON from a model (<see cref="JsonElement"/>)
/// or .NET values from a direct call. The first problem is kept, worded for the model, and nothing throws.
/// </summary>
internal sealed class ArgumentReader(AIFunctionArguments arguments)
{
    /// <summary>The first argument that was missing or of the wrong kind; null when all were fine.</summary>
    public string? Problem { get; private set; }

    public string? RequiredString(string name, string example)
    {
        var value = OptionalString(name);
        if (Problem is null && string.IsNullOrWhiteSpace(value))
        {
            Problem = $"The argument '{name}' is required and must be a non-empty string, such as {example}.";
        }

        return value;
    }

    public string? OptionalString(string name) => Read(name) switch
    {
        null => null,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        _ => FailText(name),
    };

    public bool? OptionalBool(string name) => Read(name) switch
    {
        null => null,
        bool flag => flag,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        string text when bool.TryParse(text, out var flag) => flag,
        JsonElement { ValueKind: JsonValueKind.String } element when bool.TryParse(element.GetString(), out var flag) => flag,
        _ => Fail<bool>(name, "true or false"),
    };

    public double? OptionalNumber(string name) => Read(name) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Number } element => element.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } element when TryParse(element.GetString(), out var number) => number,
        string text when TryParse(text, out var number) => number,
        int or long or short or byte or uint or ulong or ushort or sbyte or float or double or decimal => Convert.ToDouble(Read(name), CultureInfo.InvariantCulture),
        _ => Fail<double>(name, "a number"),
    };

    // A JSON null is the same as leaving the argument out: models write it for "use the default".
    private object? Read(string name) =>
        arguments.TryGetValue(name, out var value) && value is not JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }
            ? value
            : null;

    private T? Fail<T>(string name, string expected)
        where T : struct
    {
        Problem ??= $"The argument '{name}' must be {expected}.";
        return null;
    }

    private string? FailText(string name)
    {
        Problem ??= $"The argument '{name}' must be a string.";
        return null;
    }

    private static bool TryParse(string? text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
}
