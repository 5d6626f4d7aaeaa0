using System.ComponentModel;
using System.Text.Json.Serialization;
using Smooven.Client.Serialization;

namespace Smooven.Client;

/// <summary>
/// How urgent a notification is; Smooven weighs it when it picks a channel. Values the SDK
/// does not know yet are kept as they are, and comparisons ignore case.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<Urgency>))]
public readonly struct Urgency : IEquatable<Urgency>, IExtensibleEnum<Urgency>
{
    private readonly string? _value;

    /// <summary>Creates an urgency from its wire value, such as <c>"high"</c>.</summary>
    /// <param name="value">The wire value; any non-empty string is accepted.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public Urgency(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Can wait: Smooven may batch it or pick the cheapest channel.</summary>
    public static Urgency Low { get; } = new("low");

    /// <summary>The default.</summary>
    public static Urgency Normal { get; } = new("normal");

    /// <summary>Should arrive soon.</summary>
    public static Urgency High { get; } = new("high");

    /// <summary>Must arrive now, on the fastest channel available.</summary>
    public static Urgency Critical { get; } = new("critical");

    /// <summary>Whether two urgencies carry the same value, ignoring case.</summary>
    public static bool operator ==(Urgency left, Urgency right) => left.Equals(right);

    /// <summary>Whether two urgencies carry different values, ignoring case.</summary>
    public static bool operator !=(Urgency left, Urgency right) => !left.Equals(right);

    /// <summary>Converts a wire value such as <c>"high"</c> to an <see cref="Urgency"/>.</summary>
    public static implicit operator Urgency(string value) => new(value);

    static IReadOnlyList<Urgency> IExtensibleEnum<Urgency>.KnownValues { get; } = [Low, Normal, High, Critical];

    static Urgency IExtensibleEnum<Urgency>.FromWireValue(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(Urgency other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is Urgency other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value, such as <c>"high"</c>.</summary>
    public override string ToString() => _value ?? string.Empty;
}
