using System.ComponentModel;
using System.Text.Json.Serialization;
using Smooven.Client.Serialization;

namespace Smooven.Client;

/// <summary>
/// What a status callback reports, such as <c>notification.delivered</c>. Values the SDK
/// does not know yet are kept as they are, and comparisons ignore case.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<CallbackEvent>))]
public readonly struct CallbackEvent : IEquatable<CallbackEvent>, IExtensibleEnum<CallbackEvent>
{
    private readonly string? _value;

    /// <summary>Creates a callback event from its wire value, such as <c>"notification.delivered"</c>; an event Smooven adds later is kept as it is.</summary>
    /// <param name="value">The wire value; any non-empty string is accepted.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public CallbackEvent(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Accepted and queued for delivery. Never ends a wait.</summary>
    public static CallbackEvent Queued { get; } = new("notification.queued");

    /// <summary>Handed to the delivery provider. Never ends a wait.</summary>
    public static CallbackEvent Sent { get; } = new("notification.sent");

    /// <summary>Confirmed delivered to the recipient: a terminal outcome.</summary>
    public static CallbackEvent Delivered { get; } = new("notification.delivered");

    /// <summary>Failed for good: a terminal outcome.</summary>
    public static CallbackEvent Failed { get; } = new("notification.failed");

    /// <summary>The primary channel failed and Smooven is trying another. Not terminal.</summary>
    public static CallbackEvent Fallback { get; } = new("notification.fallback");

    /// <summary>The recipient opened the notification (email, push); comes after delivery.</summary>
    public static CallbackEvent Opened { get; } = new("notification.opened");

    /// <summary>The recipient clicked a link or action (email, push, RCS); comes after delivery.</summary>
    public static CallbackEvent Clicked { get; } = new("notification.clicked");

    /// <summary>Whether two events carry the same value, ignoring case.</summary>
    public static bool operator ==(CallbackEvent left, CallbackEvent right) => left.Equals(right);

    /// <summary>Whether two events carry different values, ignoring case.</summary>
    public static bool operator !=(CallbackEvent left, CallbackEvent right) => !left.Equals(right);

    /// <summary>Converts a wire value such as <c>"notification.delivered"</c> to an <see cref="CallbackEvent"/>.</summary>
    public static implicit operator CallbackEvent(string value) => new(value);

    static IReadOnlyList<CallbackEvent> IExtensibleEnum<CallbackEvent>.KnownValues { get; } = [Queued, Sent, Delivered, Failed, Fallback, Opened, Clicked];

    static CallbackEvent IExtensibleEnum<CallbackEvent>.FromWireValue(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(CallbackEvent other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is CallbackEvent other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value, such as <c>"notification.delivered"</c>.</summary>
    public override string ToString() => _value ?? string.Empty;
}
