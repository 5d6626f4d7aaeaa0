namespace Smooven.Client.Serialization;

/// <summary>
/// The notify body as it goes on the wire, with the default callback URL already filled in,
/// so the caller's <see cref="NotifyRequest"/> is never changed.
/// </summary>
internal sealed class NotifyRequestPayload
{
    public required string Intent { get; init; }

    public required string Urgency { get; init; }

    public NotifyContext? Context { get; init; }

    public string? CallbackUrl { get; init; }
}
