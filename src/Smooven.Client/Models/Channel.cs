using System.ComponentModel;
using System.Text.Json.Serialization;
using Smooven.Client.Serialization;

namespace Smooven.Client;

/// <summary>
/// The channel Smooven used to reach a recipient. Values the SDK
/// does not know yet are kept as they are, and comparisons ignore case.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<Channel>))]
public readonly struct Channel : IEquatable<Channel>, IExtensibleEnum<Channel>
{
    private readonly string? _value;

    /// <summary>Creates a channel from its wire value, such as <c>"sms"</c>; a channel Smooven adds later is kept as it is.</summary>
    /// <param name="value">The wire value; any non-empty string is accepted.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public Channel(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>A text message.</summary>
    public static Channel Sms { get; } = new("sms");

    /// <summary>An email.</summary>
    public static Channel Email { get; } = new("email");

    /// <summary>A push notification to a mobile or web app.</summary>
    public static Channel Push { get; } = new("push");

    /// <summary>An RCS (rich communication services) message.</summary>
    public static Channel Rcs { get; } = new("rcs");

    /// <summary>Whether two channels carry the same value, ignoring case.</summary>
    public static bool operator ==(Channel left, Channel right) => left.Equals(right);

    /// <summary>Whether two channels carry different values, ignoring case.</summary>
    public static bool operator !=(Channel left, Channel right) => !left.Equals(right);

    /// <summary>Converts a wire value such as <c>"sms"</c> to an <see cref="Channel"/>.</summary>
    public static implicit operator Channel(string value) => new(value);

    static IReadOnlyList<Channel> IExtensibleEnum<Channel>.KnownValues { get; } = [Sms, Email, Push, Rcs];

    static Channel IExtensibleEnum<Channel>.FromWireValue(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(Channel other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is Channel other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value, such as <c>"sms"</c>.</summary>
    public override string ToString() => _value ?? string.Empty;
}
