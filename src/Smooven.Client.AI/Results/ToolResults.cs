using System.Globalization;
using System.Net;
using Smooven.Client.AI.Functions;

namespace Smooven.Client.AI.Results;

/// <summary>Every answer the tools give, with a message that tells the model what to do next.</summary>
internal static class ToolResults
{
    public static ToolResult Invalid(string problem) => new()
    {
        Status = ToolStatus.Invalid,
        Message = problem + " Nothing was sent; fix the arguments and call again.",
    };

    public static ToolResult NotAllowed(string userId) => new()
    {
        Status = ToolStatus.NotAllowed,
        Message = $"Nothing was sent: '{userId}' is not a recipient this application may notify. Do not retry; ask the user who else to notify.",
    };

    public static ToolResult RateLimited(string userId, TimeSpan retryAfter, int limit, TimeSpan window) => new()
    {
        Status = ToolStatus.RateLimited,
        RetryAfterSeconds = Seconds(retryAfter),
        Message = $"Nothing was sent: '{userId}' has already been notified {limit} time(s) within {Describe(window)}. " +
            "Wait retry_after_seconds before notifying them again, or combine what you have to say into one later message.",
    };

    public static ToolResult DryRun(NotifyUserInput input) => new()
    {
        Status = ToolStatus.DryRun,
        Request = new DryRunRequest
        {
            Intent = input.Intent,
            UserId = input.UserId,
            Urgency = input.Urgency.ToString(),
            WaitForOutcome = input.WaitForOutcome,
            TimeoutSeconds = input.Timeout.TotalSeconds,
        },
        Message = "Dry run: a real call would send this request (valid, allowed, no duplicate, within the recipient's limit), but nothing was sent. " +
            "Tell the user what would have been sent.",
    };

    /// <summary>The earlier notification, as far as it is known, marked as a duplicate.</summary>
    public static ToolResult Duplicate(string userId, ToolResult earlier, TimeSpan ago) => new()
    {
        Status = earlier.Status,
        NotificationId = earlier.NotificationId,
        Channel = earlier.Channel,
        Events = earlier.Events,
        Duplicate = true,
        Message = $"Not sent again: the same intent went to '{userId}' {Describe(ago)} ago as {earlier.NotificationId}. " +
            "Call get_notification_status with that notification_id to see what became of it.",
    };

    public static ToolResult Sent(string notificationId) => new()
    {
        Status = ToolStatus.Sent,
        NotificationId = notificationId,
        Message = "Smooven accepted the notification and is delivering it. Call get_notification_status later to learn whether it arrived.",
    };

    public static ToolResult Error(SmoovenException error) => error switch
    {
        { MayHaveBeenAccepted: true } => new()
        {
            Status = ToolStatus.Error,
            RetryAfterSeconds = 60,
            Message = "Nothing was confirmed: Smooven's answer was lost or was an error, so it may or may not have gone out. " +
                "Try again after retry_after_seconds with the same arguments (that is not sent twice), or tell the user it could not be confirmed.",
        },
        SmoovenApiException { StatusCode: HttpStatusCode.TooManyRequests } api => new()
        {
            Status = ToolStatus.RateLimited,
            RetryAfterSeconds = Seconds(api.RetryAfter ?? TimeSpan.FromMinutes(1)),
            Message = "Nothing was sent: Smooven is rate limiting this application (not this recipient). Try again after retry_after_seconds.",
        },

        // The model cannot fix a key or a configuration, and the same call again fails the same way.
        SmoovenApiException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } api => new()
        {
            Status = ToolStatus.Error,
            Message = $"Nothing was sent: Smooven does not accept this application's key or what it may do ({(int)api.StatusCode} {api.ErrorCode ?? api.ErrorType}), " +
                "so the application is misconfigured. Do not retry, with these or other arguments; tell the user it could not be sent.",
        },
        SmoovenApiException { StatusCode: >= HttpStatusCode.InternalServerError } api => new()
        {
            Status = ToolStatus.Error,
            RetryAfterSeconds = Seconds(api.RetryAfter ?? TimeSpan.FromMinutes(1)),
            Message = $"Nothing was sent: Smooven had a problem ({(int)api.StatusCode}). Try again after retry_after_seconds, or tell the user it could not be sent.",
        },
        SmoovenApiException api => new()
        {
            Status = ToolStatus.Error,
            Message = $"Smooven refused the request ({(int)api.StatusCode} {api.ErrorCode ?? api.ErrorType}): {api.ErrorMessage ?? "no reason given"} " +
                "Do not retry it unchanged; fix the request or tell the user it could not be sent.",
        },
        _ => new()
        {
            Status = ToolStatus.Error,
            Message = "Nothing was sent: the request failed before it reached Smooven, in a way that trying again would not fix. " +
                "Tell the user it could not be sent.",
        },
    };

    public static string Describe(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => Plural((int)span.TotalHours, "hour"),
        { TotalMinutes: >= 1 } => Plural((int)Math.Round(span.TotalMinutes), "minute"),
        _ => Plural(Math.Max(1, (int)Math.Round(span.TotalSeconds)), "second"),
    };

    // At most int.MaxValue: a Retry-After too long for a TimeSpan arrives as TimeSpan.MaxValue, and on .NET 8 an
    // out-of-range cast to int comes out negative.
    public static int Seconds(TimeSpan span) => (int)Math.Min(Math.Ceiling(Math.Max(span.TotalSeconds, 1)), int.MaxValue);

    private static string Plural(int count, string unit) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + unit + (count == 1 ? string.Empty : "s");
}
