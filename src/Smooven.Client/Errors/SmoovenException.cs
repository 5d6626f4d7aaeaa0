namespace Smooven.Client;

/// <summary>The base of every error the Smooven SDK raises on purpose.</summary>
public class SmoovenException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public SmoovenException()
        : base("A Smooven operation failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SmoovenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public SmoovenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The <c>Idempotency-Key</c> the failed notify call was sent with (yours, or the one the SDK made);
    /// null when the failure did not come from sending a notify request.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// Whether Smooven may have accepted the notification despite the failure, on any attempt of the call (a 429
    /// or 503 on a retry after a timeout leaves it true): an answer was lost,
    /// late or unreadable, or it was a 408 or a 5xx other than 501 and 503, which a gateway can give after Smooven
    /// took the request, or a 409, Smooven's answer to a repeat of a key whose first request is still in flight. Send the same request again with <see cref="IdempotencyKey"/> as its
    /// <see cref="NotifyRequest.IdempotencyKey"/>: Smooven then answers with the first notification
    /// if it exists, and sends none twice. False when Smooven surely did not take it.
    /// </summary>
    public bool MayHaveBeenAccepted { get; init; }
}
