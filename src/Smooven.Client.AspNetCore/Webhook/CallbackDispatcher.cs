using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
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
    private readonly ISmoovenWebhookBackplane? _backplane;
    private readonly ILogger _logger;
    private readonly bool _hasHandlers;

    /// <param name="tracker">Wakes the tasks waiting in this process.</param>
    /// <param name="recent">The deliveries handled lately.</param>
    /// <param name="backplane">Shares deliveries with other instances; null when alone.</param>
    /// <param name="logger">Where the dispatch logs.</param>
    /// <param name="hasHandlers">False only when no <see cref="ISmoovenCallbackHandler"/> is registered:
    /// then no request scope is made to look for one.</param>
    public CallbackDispatcher(DeliveryTracker tracker, RecentDeliveries recent, ISmoovenWebhookBackplane? backplane, ILogger logger, bool hasHandlers = true)
    {
        _tracker = tracker;
        _recent = recent;
        _backplane = backplane;
        _logger = logger;
        _hasHandlers = hasHandlers;
    }

    /// <summary>Whether deliveries are shared with other instances: then each needs its raw body and header.</summary>
    public bool IsShared => _backplane is not null;

    /// <summary>
    /// Dispatches a callback unless an identical delivery was already handled. With a backplane,
    /// <paramref name="shared"/> (required then) is claimed and recorded across the instances first.
    /// </summary>
    /// <param name="hash">The body's hash, the key of the duplicate window.</param>
    /// <param name="callback">The verified callback.</param>
    /// <param name="shared">The raw delivery, for the backplane; null without one.</param>
    /// <param name="context">The request: handlers come from its services, which are asked for only when a handler is registered.</param>
    /// <param name="options">The webhook options in force for this request.</param>
    /// <param name="cancellationToken">Signalled when Smooven hangs up.</param>
    /// <returns>Whether it was handled, recognised as a duplicate, failed in a handler, or could not be recorded.</returns>
    public async Task<DispatchOutcome> DispatchAsync(
        BodyHash hash,
        DeliveryCallback callback,
        SmoovenVerifiedDelivery? shared,
        HttpContext context,
        SmoovenWebhookOptions options,
        CancellationToken cancellationToken)
    {
        RecentDeliveries.Claim claim;
        while (!(claim = _recent.TryClaim(hash, options.DuplicateWindow, options.MaxRememberedDeliveries)).IsOwner)
        {
            if (claim.IsDuplicate)
            {
                WebhookLog.Duplicate(_logger, callback.Event, callback.NotificationId);
                if (_backplane is not null && claim.RenewalDue)
                {
                    // Its window restarted here (RecentDeliveries.TryClaim); the other instances,
                    // which this copy may still reach when replayed, restart theirs too.
                    await RenewAsync(shared!, callback).ConfigureAwait(false);
                }

                return DispatchOutcome.Duplicate;
            }

            // An identical delivery is being handled right now: its outcome decides this one's.
            await claim.InProgress!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var handled = false;
        var claimedInCluster = false;
        try
        {
            if (_backplane is not null)
            {
                var clusterClaim = await _backplane.ClaimAsync(shared!, cancellationToken).ConfigureAwait(false);
                claimedInCluster = clusterClaim == SmoovenBackplaneClaim.Claimed;
                if (!claimedInCluster)
                {
                    // Handled on another instance: remembered here too, so its next retry stays local.
                    handled = clusterClaim == SmoovenBackplaneClaim.Duplicate;
                    return Unshared(clusterClaim, callback);
                }

                if (!await _backplane.AppendAsync(shared!, cancellationToken).ConfigureAwait(false))
                {
                    return Unshared(SmoovenBackplaneClaim.Unavailable, callback);
                }
            }

            WebhookLog.Received(_logger, callback.Event, callback.NotificationId);
            PublishToTracker(callback);
            // An app that only waits on the tracker registers no handler: asking the request's
            // services for none would still make its DI scope (about 370 B a callback).
            handled = !_hasHandlers || await RunHandlersAsync(callback, context.RequestServices, cancellationToken).ConfigureAwait(false);
            return handled ? DispatchOutcome.Handled : DispatchOutcome.HandlerFailed;
        }
        finally
        {
            // The cluster claim ends first: an identical delivery waiting on the local claim must not
            // claim the cluster while this one's release is still on its way to the backplane.
            try
            {
                if (claimedInCluster)
                {
                    await _backplane!.CompleteAsync(shared!, handled).ConfigureAwait(false);
                }
            }
            finally
            {
                _recent.Complete(hash, claim, handled, options.DuplicateWindow, options.MaxRememberedDeliveries);
            }
        }
    }

    // The duplicate was handled, whatever the backplane makes of its renewal: a failure here answered
    // 500 would fail every retry of it too. Only its window elsewhere is shorter.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A backplane of the app's own may throw anything; the duplicate is still one.")]
    private async Task RenewAsync(SmoovenVerifiedDelivery shared, DeliveryCallback callback)
    {
        try
        {
            await _backplane!.RenewAsync(shared).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WebhookLog.RenewFailed(_logger, callback.Event, callback.NotificationId, ex);
        }
    }

    // Nothing unrecorded is acknowledged: a delivery the backplane could not take gets a 503 and comes back.
    private DispatchOutcome Unshared(SmoovenBackplaneClaim claim, DeliveryCallback callback)
    {
        switch (claim)
        {
            case SmoovenBackplaneClaim.Duplicate:
                WebhookLog.Duplicate(_logger, callback.Event, callback.NotificationId);
                return DispatchOutcome.Duplicate;
            case SmoovenBackplaneClaim.Busy:
                WebhookLog.BusyElsewhere(_logger, callback.Event, callback.NotificationId);
                return DispatchOutcome.Unavailable;
            default:
                WebhookLog.BackplaneUnavailable(_logger, callback.Event, callback.NotificationId);
                return DispatchOutcome.Unavailable;
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

        // The container hands back an array: indexing it costs no enumerator per callback.
        var resolved = requestServices.GetServices<ISmoovenCallbackHandler>();
        var handlers = resolved as IReadOnlyList<ISmoovenCallbackHandler> ?? [.. resolved];
        for (var i = 0; i < handlers.Count; i++)
        {
            var handler = handlers[i];
            try
            {
                await handler.HandleAsync(callback, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                // Smooven hung up: the delivery is not handled and comes back; the endpoint counts it as aborted.
                throw new OperationCanceledException("Smooven hung up while a handler ran.", ex, cancellationToken);
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
