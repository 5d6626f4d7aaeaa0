using Microsoft.Extensions.AI;
using Smooven.Client.AI.Functions;
using Smooven.Client.AI.Guardrails;
using Smooven.Client.AI.Operations;

namespace Smooven.Client.AI;

/// <summary>
/// Smooven as tools for an agent on Microsoft.Extensions.AI: <c>notify_user</c> sends a notification
/// and awaits its outcome, <c>get_notification_status</c> reads what is known so far. Hand
/// <see cref="Functions"/> to <c>ChatOptions.Tools</c> of a chat client built with
/// <c>UseFunctionInvocation()</c>. Thread-safe; keep one per application (<c>services.AddSmoovenAITools()</c>).
/// </summary>
public sealed class SmoovenAITools : IDisposable
{
    /// <summary>
    /// The key under which a host other than <c>FunctionInvokingChatClient</c> may put the tool call's id
    /// in <c>AIFunctionArguments.Context</c>, so that the same call run again never notifies twice.
    /// </summary>
    public const string ToolCallIdKey = "smooven.tool_call_id";

    /// <summary>Creates the tools over a client and the tracker its webhook endpoint feeds.</summary>
    /// <param name="client">Sends the notifications.</param>
    /// <param name="tracker">Where the outcomes arrive; the one your webhook endpoint publishes to.</param>
    /// <param name="options">The guardrails; defaults when null. Checked at once.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "This signature is fixed by the SDK surface; the clock is for tests and hosts with a clock of their own.")]
    public SmoovenAITools(SmoovenClient client, DeliveryTracker tracker, SmoovenAIToolOptions? options = null)
        : this(client, tracker, options, null)
    {
    }

    /// <summary>Creates the tools with a clock of your choice for the rate limit, the duplicate-intent window and progress.</summary>
    /// <param name="client">Sends the notifications.</param>
    /// <param name="tracker">Where the outcomes arrive.</param>
    /// <param name="options">The guardrails; defaults when null. Checked at once.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public SmoovenAITools(SmoovenClient client, DeliveryTracker tracker, SmoovenAIToolOptions? options, TimeProvider? timeProvider)
        : this(Always(client), tracker, options, timeProvider)
    {
    }

    internal SmoovenAITools(Func<SmoovenClient> client, DeliveryTracker tracker, SmoovenAIToolOptions? options, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        options ??= new SmoovenAIToolOptions();
        SmoovenAIToolOptionsValidator.ThrowIfInvalid(options);
        var clock = timeProvider ?? TimeProvider.System;
        var rateLimiter = new RecipientRateLimiter(options.PerRecipientLimit, options.PerRecipientWindow, clock);
        NotifyUser = new NotifyUserOperation(
            client, tracker, options, clock, rateLimiter, new DuplicateIntentMemory(options.DuplicateIntentWindow, clock), new UnconfirmedSends(options.DuplicateIntentWindow, clock));
        Status = new NotificationStatusOperation(tracker);
        Options = options;
        TimeProvider = clock;

        AIFunction notify = new NotifyUserFunction(NotifyUser, options.MaxWait);
        Functions = [options.RequireApproval ? new ApprovalRequiredAIFunction(notify) : notify, new GetNotificationStatusFunction(Status)];
    }

    /// <summary><c>notify_user</c> (wrapped in <see cref="ApprovalRequiredAIFunction"/> when
    /// <see cref="SmoovenAIToolOptions.RequireApproval"/> is set), then <c>get_notification_status</c>.</summary>
    public IReadOnlyList<AIFunction> Functions { get; }

    internal NotifyUserOperation NotifyUser { get; }

    internal NotificationStatusOperation Status { get; }

    internal SmoovenAIToolOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>Releases nothing today: the guardrails hold no timer. Kept so that code which disposes the tools stays right.</summary>
    public void Dispose()
    {
    }

    private static Func<SmoovenClient> Always(SmoovenClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return () => client;
    }
}
