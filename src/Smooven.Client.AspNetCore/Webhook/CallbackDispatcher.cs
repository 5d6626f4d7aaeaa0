using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smooven.Client.AspNetCore.Diagnostics;

namespace Smooven.Client.AspNetCore.Webhook;

/// <summary>
/// Hands each distinct verified callback to the delivery tracker and to every registered
/// <see cref="ISmoovenCallbackHandler"/>, at least once: a delivery whose handlers failed is
/// not remembered, so Smooven's retry of it is handled again.
/// </summary>
internal sealed class CallbackDispatcher
{
    private readonly DeliveryTracker _tracker;
    private readonly RecentDeliveries _recent;
    private readonly ILogger _logger;

    public CallbackDispatcher(DeliveryTracker tracker, RecentDeliveries recent, ILogger logger)
    {
        _tracker = tracker;
        _recent = recent;
        _logger = logger;
    }

    /// <summary>Dispatches a callback unless an identical delivery was already handled.</summary>
    /// <returns>Whether it was handled, recognised as a duplicate, or failed in a handler.</returns>
    public async Task<DispatchOutcome> DispatchAsync(
        BodyHash hash,
        DeliveryCallback callback,
        IServiceProvider requestServices,
        SmoovenWebhookOptions options,
        CancellationToken cancellationToken)
    {
        RecentDeliveries.Claim claim;
        while (!(claim = _recent.TryClaim(hash, options.DuplicateWindow, options.MaxRememberedDeliveries)).IsOwner)
        {
            if (claim.IsDuplicate)
            {
                WebhookLog.Duplicate(_logger, callback.Event, callback.NotificationId);
                return DispatchOutcome.Duplicate;
            }

            // An identical delivery is being handled right now: its outcome decides this one's.
            await claim.InProgress!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var handled = false;
        try
        {
            WebhookLog.Received(_logger, callback.Event, callback.NotificationId);
            PublishToTracker(callback);
            handled = await RunHandlersAsync(callback, requestServices, cancellationToken).ConfigureAwait(false);
            return handled ? DispatchOutcome.Handled : DispatchOutcome.HandlerFailed;
        }
        finally
        {
            _recent.Complete(hash, claim, handled, options.DuplicateWindow, options.MaxRememberedDeliveries);
        }
    }

    // The tracker only wakes tasks waiting in this process, and a retry cannot help them if it
    // fails: its failure is logged and does not make Smooven send the delivery again.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A tracker fault must not cost the handlers their callback.")]
    private void PublishToTracker(DeliveryCallback callback)
    {
        try
        {
            _tracker.Publish(callback);
        }
        catch (Exception ex)
        {
            WebhookLog.TrackerFailed(_logger, callback.Event, callback.NotificationId, ex);
        }
    }

    // Every handler runs even when one fails, so one broken handler does not delay the others
    // until the retry; the retry then reaches all of them again (at least once).
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Any handler failure is answered 500 so Smooven retries.")]
    private async Task<bool> RunHandlersAsync(DeliveryCallback callback, IServiceProvider requestServices, CancellationToken cancellationToken)
    {
        var allSucceeded = true;
        foreach (var handler in requestServices.GetServices<ISmoovenCallbackHandler>())
        {
            try
            {
                await handler.HandleAsync(callback, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                WebhookLog.HandlerFailed(_logger, handler.GetType().FullName ?? handler.GetType().Name, callback.Event, callback.NotificationId, ex);
                allSucceeded = false;
            }
        }

        return allSucceeded;
    }
}
