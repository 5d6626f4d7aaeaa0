namespace Smooven.Client.AI;

/// <summary>
/// How the Smooven tools behave for an agent: how long <c>notify_user</c> may wait, and the
/// guardrails between a model's decision and a real message to a person.
/// </summary>
public sealed class SmoovenAIToolOptions
{
    /// <summary>The longest <c>notify_user</c> waits for an outcome, whatever the model asks for. Default 2 minutes.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many notifications one recipient (user id, compared ignoring case) may get within
    /// <see cref="PerRecipientWindow"/>. A request Smooven refused does not count. Default 5.
    /// </summary>
    public int PerRecipientLimit { get; set; } = 5;

    /// <summary>The sliding window of <see cref="PerRecipientLimit"/>: a send counts for exactly this long. Default 1 hour.</summary>
    public TimeSpan PerRecipientWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long the same intent to the same user is answered with the earlier notification instead of
    /// being sent again (intents compared ignoring case and surrounding white space). The same intent at a
    /// higher urgency than before is an escalation and is sent. For as long, a send whose outcome is unknown
    /// (Smooven unreachable, or the call cancelled mid-request) is sent again, with its Idempotency-Key, by the
    /// next try of the same intent at the same or a lower urgency, so that Smooven answers it with the first
    /// notification if that one went out.
    /// Default 10 minutes; <see cref="TimeSpan.Zero"/> turns both off.
    /// </summary>
    public TimeSpan DuplicateIntentWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Decides which user ids may be notified; null allows all. A refused user gets a <c>not_allowed</c> result.
    /// It sees the user id as it will be sent (as the model wrote it, trimmed): compare whole ids or a parsed address, never a
    /// suffix (<c>EndsWith("@clinic.example")</c> also lets through <c>x@evil.test,sarah@clinic.example</c>).
    /// </summary>
    public Func<string, bool>? AllowedRecipients { get; set; }

    /// <summary>
    /// When true, <c>notify_user</c> is an <c>ApprovalRequiredAIFunction</c>: a function-invoking chat client
    /// asks your application for approval before each send.
    /// </summary>
    public bool RequireApproval { get; set; }

    /// <summary>
    /// Where Smooven sends the status callbacks of the tools' notifications: the public address of your
    /// <c>MapSmoovenWebhook</c> endpoint. Null uses <see cref="SmoovenClientOptions.DefaultCallbackUrl"/>;
    /// with neither, no outcome can arrive and every wait times out.
    /// </summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>
    /// When true, <c>notify_user</c> sends nothing and answers what a real call would answer now: <c>invalid</c>,
    /// <c>not_allowed</c>, the earlier notification marked <c>duplicate</c>, <c>rate_limited</c>, or else
    /// <c>dry_run</c> with the request it would send. A dry run claims no intent and uses up no permit, so dry
    /// runs never make a later call a duplicate or rate limited: only sends these tools made count (before
    /// DryRun was set, since it is read on every call).
    /// </summary>
    public bool DryRun { get; set; }
}
