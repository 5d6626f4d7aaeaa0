namespace Smooven.Client.AspNetCore;

/// <summary>
/// Receives each verified status callback that reaches <c>MapSmoovenWebhook</c>, once per
/// distinct delivery. Register with <c>services.AddSmoovenCallbackHandler&lt;T&gt;()</c> or
/// <c>services.AddScoped&lt;ISmoovenCallbackHandler, T&gt;()</c>; handlers are resolved from the
/// request's scope, so scoped services such as a DbContext can be injected.
/// </summary>
/// <remarks>
/// Delivery is at least once: when a handler throws, the endpoint answers 500, Smooven retries,
/// and every handler sees the callback again. Make handlers idempotent, for example by keying
/// on <see cref="DeliveryCallback.NotificationId"/> and <see cref="DeliveryCallback.Event"/>.
/// Callbacks can arrive in any order, and events this SDK does not know yet arrive too.
/// </remarks>
public interface ISmoovenCallbackHandler
{
    /// <summary>Handles one callback. Smooven waits at most 10 seconds for the answer: hand long work to a queue.</summary>
    /// <param name="callback">The verified callback.</param>
    /// <param name="cancellationToken">Signalled when Smooven gives up on the request.</param>
    /// <returns>A task that completes when the callback is safely handled.</returns>
    Task HandleAsync(DeliveryCallback callback, CancellationToken cancellationToken);
}
