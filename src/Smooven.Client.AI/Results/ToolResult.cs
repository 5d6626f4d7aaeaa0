namespace Smooven.Client.AI.Results;

/// <summary>
/// What a Smooven tool answers the model: one compact JSON object, snake_case, that says what
/// happened and what the agent can do next. Absent members are left out of the JSON.
/// </summary>
internal sealed class ToolResult
{
    /// <summary>One of the values in <see cref="ToolStatus"/>.</summary>
    public required string Status { get; init; }

    public string? NotificationId { get; init; }

    public string? Channel { get; init; }

    /// <summary>Event names in arrival order, such as queued, sent, delivered.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    public int? RetryAfterSeconds { get; init; }

    /// <summary>True when an earlier notification with the same intent was returned instead of sending again.</summary>
    public bool? Duplicate { get; init; }

    /// <summary>In a dry run: the request that would have been sent.</summary>
    public DryRunRequest? Request { get; init; }

    /// <summary>One or two plain sentences: what happened and what to do next.</summary>
    public required string Message { get; init; }
}

/// <summary>The request a dry run would have sent.</summary>
internal sealed class DryRunRequest
{
    public required string Intent { get; init; }

    public required string UserId { get; init; }

    public required string Urgency { get; init; }

    public required bool WaitForOutcome { get; init; }

    public required double TimeoutSeconds { get; init; }
}

/// <summary>The values of <see cref="ToolResult.Status"/>.</summary>
internal static class ToolStatus
{
    public const string Delivered = "delivered";
    public const string Opened = "opened";
    public const string Clicked = "clicked";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Sent = "sent";
    public const string RateLimited = "rate_limited";
    public const string NotAllowed = "not_allowed";
    public const string Invalid = "invalid";
    public const string DryRun = "dry_run";
    public const string Error = "error";
}
