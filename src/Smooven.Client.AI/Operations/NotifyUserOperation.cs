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
    DuplicateIntentMemory duplicates)
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
            return ToolResults.DryRun(input);
        }

        if (duplicates.Find(input.UserId, input.Intent) is { } earlier)
        {
            var known = OutcomeResults.FromStatus(earlier.NotificationId, tracker.GetStatus(earlier.NotificationId));
            return ToolResults.Duplicate(input.UserId, known, timeProvider.GetUtcNow() - earlier.At);
        }

        if (rateLimiter.TryTake(input.UserId) is { } retryAfter)
        {
            return ToolResults.RateLimited(input.UserId, retryAfter, options.PerRecipientLimit, options.PerRecipientWindow);
        }

        var request = new NotifyRequest
        {
            Intent = input.Intent,
            Urgency = input.Urgency,
            Context = new NotifyContext { UserId = input.UserId },
            CallbackUrl = options.CallbackUrl,
            IdempotencyKey = IdempotencyKeys.FromCallId(toolCallId, input),
        };

        NotifyResponse accepted;
        try
        {
            accepted = await client().NotifyAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            return ToolResults.Invalid(ex.Message);
        }
        catch (SmoovenException ex)
        {
            return ToolResults.Error(ex);
        }

        duplicates.Remember(input.UserId, input.Intent, accepted.NotificationId);
        if (!input.WaitForOutcome)
        {
            return ToolResults.Sent(accepted.NotificationId);
        }

        var wait = tracker.WaitAsync(accepted.NotificationId, new SendAndWaitOptions { Timeout = input.Timeout }, cancellationToken);
        var result = onEvent is null
            ? await wait.ConfigureAwait(false)
            : await EventFollower.FollowAsync(tracker, accepted.NotificationId, wait, onEvent, timeProvider, cancellationToken).ConfigureAwait(false);
        return OutcomeResults.FromWait(result, input.Timeout);
    }
}
