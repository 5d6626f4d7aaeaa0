using Microsoft.Extensions.AI;

namespace Smooven.Client.AI.Functions;

/// <summary>The arguments of <c>notify_user</c>, checked and with their defaults filled in.</summary>
internal sealed record NotifyUserInput(string Intent, string UserId, Urgency Urgency, bool WaitForOutcome, TimeSpan Timeout)
{
    public const double DefaultTimeoutSeconds = 60;

    public static readonly string[] UrgencyValues = ["low", "normal", "high", "critical"];

    /// <summary>Where <see cref="Urgency"/> stands in <see cref="UrgencyValues"/>: higher is more urgent.</summary>
    public int UrgencyRank => Array.IndexOf(UrgencyValues, Urgency.ToString());

    /// <summary>Reads the arguments; on any problem returns null and says what was wrong, for the model.</summary>
    public static NotifyUserInput? Read(AIFunctionArguments arguments, TimeSpan maxWait, out string? problem)
    {
        var reader = new ArgumentReader(arguments);
        var intent = reader.RequiredString("intent", "\"Remind Sarah about her appointment at 9:00 tomorrow\"");
        var userId = reader.RequiredString("user_id", "\"sarah@example.com\"");
        var urgencyText = reader.OptionalString("urgency");
        var wait = reader.OptionalBool("wait_for_outcome");
        var timeoutSeconds = reader.OptionalNumber("timeout_seconds");
        problem = reader.Problem ?? UrgencyProblem(urgencyText) ?? TimeoutProblem(timeoutSeconds);
        if (problem is not null)
        {
            return null;
        }

        // A positive timeout below one tick would round to zero, which the tracker refuses after the send.
        var timeout = TimeSpan.FromSeconds(Math.Min(timeoutSeconds ?? DefaultTimeoutSeconds, maxWait.TotalSeconds));
        timeout = timeout > TimeSpan.Zero ? timeout : TimeSpan.FromTicks(1);
        return new NotifyUserInput(
            intent!.Trim(),
            userId!.Trim(),
            urgencyText is null ? Urgency.Normal : new Urgency(urgencyText.Trim().ToLowerInvariant()),
            wait ?? true,
            timeout);
    }

    private static string? UrgencyProblem(string? urgency) =>
        urgency is null || UrgencyValues.Contains(urgency.Trim().ToLowerInvariant())
            ? null
            : $"The argument 'urgency' must be one of low, normal, high or critical; it was \"{urgency}\".";

    private static string? TimeoutProblem(double? seconds) =>
        seconds is null || (double.IsFinite(seconds.Value) && seconds.Value > 0)
            ? null
            : $"The argument 'timeout_seconds' must be a positive number of seconds, such as 60; it was {seconds}.";
}
