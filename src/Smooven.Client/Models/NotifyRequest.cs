namespace Smooven.Client;

/// <summary>
/// What an agent asks Smooven to get across: the intent in plain words, how urgent it is,
/// who it is for and where to report what became of it.
/// </summary>
public sealed class NotifyRequest
{
    /// <summary>What the notification should achieve, in plain words, such as
    /// "Remind Sarah about her appointment". Required and non-empty.</summary>
    public required string Intent { get; init; }

    /// <summary>How urgent the notification is. Defaults to <see cref="Urgency.Normal"/>.</summary>
    public Urgency Urgency { get; init; } = Urgency.Normal;

    /// <summary>Who the notification is for, and anything else Smooven should know.</summary>
    public NotifyContext? Context { get; init; }

    /// <summary>An absolute http(s) URL that receives the status callbacks. When null,
    /// <see cref="SmoovenClientOptions.DefaultCallbackUrl"/> is used.</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>
    /// The <c>Idempotency-Key</c> of every attempt of this call: 1 to 255 printable ASCII characters,
    /// the first and last not a space (HTTP drops those).
    /// Smooven answers a repeated key within 24 hours with the original notification and sends
    /// nothing again. Derive it from something stable, such as the id of the agent's tool call, so
    /// that a re-run call never notifies twice. When null, the client generates one per call.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// Returns a copy of this request with <paramref name="idempotencyKey"/> as its <see cref="IdempotencyKey"/>;
    /// this request is left as it is.
    /// </summary>
    /// <remarks>
    /// Use it to send a request again after a <see cref="SmoovenException"/> whose
    /// <see cref="SmoovenException.MayHaveBeenAccepted"/> is true, with that exception's
    /// <see cref="SmoovenException.IdempotencyKey"/>: Smooven answers with the first notification if it
    /// took the request, or sends it now if it did not, and never sends it twice. The copy carries every
    /// other property of this request, because Smooven refuses a reused key that comes with a different body.
    /// <see cref="Context"/> is the same instance, not a copy: change neither between the two sends.
    /// </remarks>
    /// <param name="idempotencyKey">The key to send the copy with, under the same rule as <see cref="IdempotencyKey"/>.</param>
    /// <returns>A new request, equal to this one but for its key.</returns>
    /// <exception cref="ArgumentException"><paramref name="idempotencyKey"/> breaks the rule of <see cref="IdempotencyKey"/>.</exception>
    /// <example>
    /// <code>
    /// catch (SmoovenException ex) when (ex is { MayHaveBeenAccepted: true, IdempotencyKey: { } key })
    /// {
    ///     sent = await smooven.NotifyAsync(request.WithIdempotencyKey(key));
    /// }
    /// </code>
    /// </example>
    public NotifyRequest WithIdempotencyKey(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        NotifyRequestValidator.ThrowIfInvalidIdempotencyKey(idempotencyKey, nameof(idempotencyKey));
        return new NotifyRequest
        {
            Intent = Intent,
            Urgency = Urgency,
            Context = Context,
            CallbackUrl = CallbackUrl,
            IdempotencyKey = idempotencyKey,
        };
    }
}
