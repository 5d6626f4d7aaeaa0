using Microsoft.Extensions.AI;
using Smooven.Client.AI.Functions;
using Smooven.Client.AI.Guardrails;
using Smooven.Client.AI.Results;

namespace Smooven.Client.AI.Operations;

/// <summary>
/// What <c>notify_user</c> does, for every host: check the arguments, pass the guardrails, send
/// under an idempotency key from the tool call, and wait for the outcome when asked. Every refusal
/// and failure becomes a result the model can act on; only cancellation throws.
/// </summary>
internal sealed class NotifyUserOperation(
    Func<SmoovenClient> client,
    DeliveryTracker tracker,
    SmoovenAIToolOptions options,
    TimeProvider timeProvider,
    RecipientRateLimiter rateLimiter,
    DuplicateIntentMemory duplicates,
    UnconfirmedSends unconfirmed)
{
    public async Task<ToolResult> RunAsync(
        AIFunctionArguments arguments,
        string? toolCallId,
        Func<DeliveryCallback, CancellationToken, ValueTask>? onEvent,
        CancellationToken cancellationToken)
    {
        var input = NotifyUserInput.Read(arguments, options.MaxWait, out var problem);
        if (input is null)
        {
            return ToolResults.Invalid(problem!);
        }

        if (options.AllowedRecipients is { } allowed && !allowed(input.UserId))
        {
            return ToolResults.NotAllowed(input.UserId);
        }

        if (options.DryRun)
        {
            return await DryRunAsync(input, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            using var claim = duplicates.TryClaim(input.UserId, input.Intent, input.UrgencyRank, out var earlierCall);
            if (claim is null)
            {
                // The same intent went out already, or is going out right now: answer with its notification.
                if (await earlierCall!.WaitAsync(cancellationToken).ConfigureAwait(false) is not { } earlier)
                {
                    continue; // that call did not get through; this one may try
                }

                return Duplicate(input, earlier);
            }

            if (rateLimiter.TryTake(input.UserId, out var permit) is { } retryAfter)
            {
                return RateLimited(input, retryAfter);
            }

            // A repeat of a try whose outcome is unknown sends that try's very request under its key, so that
            // Smooven answers with the first notification if it went out.
            var unconfirmedTry = unconfirmed.Take(input);
            var request = unconfirmedTry?.Request ?? input;
            claim.SendsAt(request.UrgencyRank);
            var idempotencyKey = unconfirmedTry?.Key ?? IdempotencyKeys.FromCallId(toolCallId, input) ?? IdempotencyKeys.New();
            string notificationId;
            try
            {
                notificationId = (await client().NotifyAsync(Request(request, idempotencyKey), cancellationToken).ConfigureAwait(false)).NotificationId;
            }
            catch (ArgumentException ex)
            {
                rateLimiter.GiveBack(input.UserId, permit);
                return ToolResults.Invalid(ex.Message);
            }
            catch (SmoovenException ex) when (ex.MayHaveBeenAccepted)
            {
                // Its answer was lost or was a gateway's error: it may have been sent, so the permit stays
                // taken and a retry reuses the key.
                unconfirmed.Remember(request, idempotencyKey);
                return ToolResults.Error(ex);
            }
            catch (SmoovenException ex)
            {
                // Refused, or failed before it left: this try sent nothing. An earlier try whose answer was
                // lost still may have (a refusal for load says nothing of it), so its key is kept for the next.
                rateLimiter.GiveBack(input.UserId, permit);
                if (unconfirmedTry is not null)
                {
                    unconfirmed.Remember(unconfirmedTry.Request, unconfirmedTry.Key);
                }

                return ToolResults.Error(ex);
            }
            catch (OperationCanceledException)
            {
                unconfirmed.Remember(request, idempotencyKey);
                throw;
            }

            claim.Complete(notificationId);
            return await OutcomeAsync(notificationId, input, onEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    // What a real call would answer now, found by looking only: a dry run claims no intent and takes no
    // permit, so that dry runs never make a later call a duplicate or rate limited.
    private async Task<ToolResult> DryRunAsync(NotifyUserInput input, CancellationToken cancellationToken)
    {
        if (duplicates.Peek(input.UserId, input.Intent, input.UrgencyRank) is { } earlierCall
            && await earlierCall.WaitAsync(cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return Duplicate(input, earlier);
        }

        if (rateLimiter.Peek(input.UserId) is { } retryAfter)
        {
            return RateLimited(input, retryAfter);
        }

        return ToolResults.DryRun(input);
    }

    private ToolResult Duplicate(NotifyUserInput input, DuplicateIntentMemory.Sent earlier)
    {
        var known = OutcomeResults.FromStatus(earlier.NotificationId, tracker.GetStatus(earlier.NotificationId));
        return ToolResults.Duplicate(input.UserId, known, timeProvider.GetUtcNow() - earlier.At);
    }

    private ToolResult RateLimited(NotifyUserInput input, TimeSpan retryAfter) =>
        ToolResults.RateLimited(input.UserId, retryAfter, options.PerRecipientLimit, options.PerRecipientWindow);

    private async Task<ToolResult> OutcomeAsync(
        string notificationId,
        NotifyUserInput input,
        Func<DeliveryCallback, CancellationToken, ValueTask>? onEvent,
        CancellationToken cancellationToken)
    {
        if (!input.WaitForOutcome)
        {
            return ToolResults.Sent(notificationId);
        }

        var wait = tracker.WaitAsync(notificationId, new SendAndWaitOptions { Timeout = input.Timeout }, cancellationToken);
        var result = onEvent is null
            ? await wait.ConfigureAwait(false)
            : await EventFollower.FollowAsync(tracker, notificationId, wait, onEvent, timeProvider, cancellationToken).ConfigureAwait(false);
        return OutcomeResults.FromWait(result, input.Timeout);
    }

    private NotifyRequest Request(NotifyUserInput input, string idempotencyKey) => new()
    {
        Intent = input.Intent,
        Urgency = input.Urgency,
        Context = new NotifyContext { UserId = input.UserId },
        CallbackUrl = options.CallbackUrl,
        IdempotencyKey = idempotencyKey,
    };
}
