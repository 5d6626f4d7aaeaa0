namespace Smooven.Client.AspNetCore;

/// <summary>
/// Shares the webhook endpoint's verified deliveries between several instances of an app, such
/// as the Redis backplane of <c>Smooven.Client.Redis</c>. When one is registered, the endpoint
/// claims each delivery across the instances (so handlers run once), records it (so every
/// instance's waits see it) and only then publishes it locally, runs the handlers and answers
/// 200. Without one, duplicates are recognised within this process only.
/// </summary>
/// <remarks>
/// The endpoint calls <see cref="ClaimAsync"/> once per delivery it owns in this process; after
/// <see cref="SmoovenBackplaneClaim.Claimed"/> it calls <see cref="AppendAsync"/>, then always
/// <see cref="CompleteAsync"/>. A copy of a delivery this process remembers as handled is not
/// claimed: the endpoint calls <see cref="RenewAsync"/> for it instead, at most once a second per
/// delivery. A backplane that cannot reach its store answers
/// <see cref="SmoovenBackplaneClaim.Unavailable"/> or false rather than throwing: the endpoint
/// then answers 503 with <c>Retry-After</c>, runs no handler, and Smooven's
/// retry brings the delivery back. It answers the same to <see cref="SmoovenBackplaneClaim.Busy"/>, a delivery
/// another instance is handling now, so that the retry finds it handled or released.
/// </remarks>
public interface ISmoovenWebhookBackplane
{
    /// <summary>Claims a delivery for handling on this instance, across every instance.</summary>
    /// <param name="delivery">The verified delivery.</param>
    /// <param name="cancellationToken">Signalled when Smooven gives up on the request.</param>
    /// <returns>Whether this instance handles it, it was handled already, another instance is
    /// handling it now, or the shared store cannot be reached.</returns>
    Task<SmoovenBackplaneClaim> ClaimAsync(SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken);

    /// <summary>Records a claimed delivery so that every instance sees it.</summary>
    /// <param name="delivery">The verified delivery.</param>
    /// <param name="cancellationToken">Signalled when Smooven gives up on the request.</param>
    /// <returns>True once recorded; false when the shared store cannot be reached.</returns>
    Task<bool> AppendAsync(SmoovenVerifiedDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a claim: a handled delivery is remembered as handled (so a retry of it is a duplicate
    /// on every instance), any other is released so that the retry is handled. Never throws.
    /// </summary>
    /// <param name="delivery">The verified delivery.</param>
    /// <param name="handled">Whether every handler succeeded.</param>
    /// <returns>A task that completes when the claim has ended, or could not be ended and will expire.</returns>
    Task CompleteAsync(SmoovenVerifiedDelivery delivery, bool handled);

    /// <summary>
    /// Restarts a handled delivery's duplicate window across the instances: this process recognised
    /// a copy of it from its own memory, and that copy's signature is valid for the tolerance from
    /// now, so the other instances must not forget the delivery sooner than this one. Never throws
    /// (should it, the endpoint logs a warning and still answers the copy 200).
    /// </summary>
    /// <remarks>
    /// Called for a delivery's first copy, then at most once a second however many copies arrive,
    /// so that a replay flood of one delivery does not become a flood of writes: keep the delivery
    /// for the duplicate window plus one second from the call, which outlives the window of every
    /// copy seen before the next renewal.
    /// </remarks>
    /// <param name="delivery">The verified copy.</param>
    /// <returns>A task that completes when the renewal is on its way, or could not be sent.</returns>
    Task RenewAsync(SmoovenVerifiedDelivery delivery);
}
